package com.vendhub.realtime.broker.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.vendhub.realtime.broker.app.DurabilitySettings;
import com.vendhub.realtime.broker.db.EmbeddedDurability;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code --embedded-db-durability} and {@code --shutdown-timeout}: durable and 20 s unless told otherwise. */
class DurabilityOptionsTest {

    @Test
    void withoutOptionsServeIsDurableWithTheDocumentedShutdownBound() {
        ServeCommand serve = new ServeCommand();
        new CommandLine(serve).parseArgs();
        assertThat(serve.embedded.durability).isEqualTo(DurabilitySettings.defaults().embeddedDatabase());
        assertThat(serve.embedded.durability).isEqualTo(EmbeddedDurability.FULL);
        assertThat(serve.shutdown.timeout).isEqualTo(DurabilitySettings.DEFAULT_SHUTDOWN_TIMEOUT);
    }

    @Test
    void testsMayTradeDurabilityForSpeedByName() {
        ServeCommand serve = new ServeCommand();
        new CommandLine(serve).parseArgs("--embedded-db-durability", "fast", "--shutdown-timeout", "PT5S");
        assertThat(serve.embedded.durability).isEqualTo(EmbeddedDurability.FAST);
        assertThat(new DurabilitySettings(serve.embedded.durability, serve.shutdown.timeout).shutdownTimeout())
                .isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void anUnknownDurabilityOrATooShortBoundIsRefused() {
        assertThatThrownBy(() -> new CommandLine(new ServeCommand()).parseArgs("--embedded-db-durability", "off"))
                .isInstanceOf(CommandLine.ParameterException.class).hasMessageContaining("'full' or 'fast'");
        assertThatThrownBy(() -> new DurabilitySettings(EmbeddedDurability.FULL, Duration.ofMillis(500)))
                .hasMessageContaining("at least 2 seconds");
    }
}
