package com.vendhub.realtime.schema.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

class EnvironmentDefaultsTest {

    @Command(name = "probe")
    static final class Probe {
        @Option(names = "--status-interval")
        Duration statusInterval = Duration.ofSeconds(5);

        @Option(names = "--jwt-secret")
        String jwtSecret;

        @Option(names = "--db-pool-size")
        int poolSize = 8;

        @Mixin
        TopicPrefixOptions topic;

        @Mixin
        MqttEndpointOptions mqtt = MqttEndpointOptions.localByDefault();
    }

    private final List<String> warnings = new ArrayList<>();

    private Probe parse(Map<String, String> environment, String... args) {
        Probe probe = new Probe();
        CommandLineVocabulary.apply(new CommandLine(probe), environment, warnings::add).parseArgs(args);
        return probe;
    }

    @Test
    void everyOptionReadsItsVariableByTheRuleAndTheCommandLineWins() {
        Probe probe = parse(Map.of("VENDHUB_STATUS_INTERVAL", "PT1M", "VENDHUB_DB_POOL_SIZE", "3",
                "VENDHUB_MQTT_URL", "ssl://broker:8883"), "--db-pool-size", "5");
        assertThat(probe.statusInterval).isEqualTo(Duration.ofMinutes(1));
        assertThat(probe.poolSize).isEqualTo(5);
        assertThat(probe.mqtt.endpoint(new CommandLine(probe))).isEqualTo(new MqttUrl("broker", 8883, true, null, null));
        assertThat(warnings).isEmpty();
    }

    @Test
    void withoutAVariableTheFieldsInitialValueIsTheDefault() {
        Probe probe = parse(Map.of("VENDHUB_DB_POOL_SIZE", ""));
        assertThat(probe.statusInterval).isEqualTo(Duration.ofSeconds(5));
        assertThat(probe.poolSize).isEqualTo(8);
        assertThat(probe.topic.prefix()).isEqualTo("vendhub");
        assertThat(probe.mqtt.url()).isEqualTo(MqttEndpointOptions.LOCAL_BROKER);
    }

    @Test
    void theContractsNameIsReadForTheJwtSecret() {
        assertThat(EnvironmentDefaults.variableOf("--jwt-secret")).isEqualTo("JWT_ACCESS_SECRET");
        assertThat(parse(Map.of("JWT_ACCESS_SECRET", "s3cret", "VENDHUB_JWT_SECRET", "other")).jwtSecret)
                .isEqualTo("s3cret");
    }

    @Test
    void anOldSpellingIsStillReadWithOneWarningNamingTheNewOne() {
        Probe probe = parse(Map.of("VENDHUB_MQTT_TOPIC_PREFIX", "fleet"));
        assertThat(probe.topic.prefix()).isEqualTo("fleet");
        assertThat(warnings).singleElement().asString()
                .contains("VENDHUB_MQTT_TOPIC_PREFIX is deprecated").contains("VENDHUB_TOPIC_PREFIX");
        assertThat(parse(Map.of("VENDHUB_MQTT_TOPIC_PREFIX", "old", "VENDHUB_TOPIC_PREFIX", "new")).topic.prefix())
                .isEqualTo("new");
    }

    @Test
    void bothDurationFormsAreReadFromTheEnvironmentToo() {
        assertThat(parse(Map.of("VENDHUB_STATUS_INTERVAL", "500ms")).statusInterval).isEqualTo(Duration.ofMillis(500));
        assertThatThrownBy(() -> parse(Map.of("VENDHUB_STATUS_INTERVAL", "soon")))
                .isInstanceOf(CommandLine.ParameterException.class).hasMessageContaining("PT5S");
    }

    @Test
    void aMissingOrBadRequiredUrlIsAUsageErrorThatHidesThePassword() {
        CommandLine cli = new CommandLine(new Probe());
        MqttEndpointOptions required = MqttEndpointOptions.required();
        assertThatThrownBy(() -> required.endpoint(cli)).hasMessageContaining("Missing required option --mqtt-url");
        Probe probe = parse(Map.of(), "--mqtt-url", "http://svc:s3cret@host");
        assertThatThrownBy(() -> probe.mqtt.endpoint(cli)).hasMessageContaining("expected tcp://host:port")
                .hasMessageNotContaining("s3cret");
    }
}
