package com.vendhub.realtime.sim.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.vendhub.realtime.sim.model.ModelSettings;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class SimulatorConfigTest {

    @Test
    void defaultsFollowTheContract() {
        SimulatorConfig c = SimulatorConfig.defaults("broker", 1883);
        assertThat(c.mqttHost()).isEqualTo("broker");
        assertThat(c.mqttPort()).isEqualTo(1883);
        assertThat(c.topicPrefix()).isEqualTo("vendhub");
        assertThat(c.qos()).isEqualTo(1);
        assertThat(c.publishInterval()).isEqualTo(Duration.ofSeconds(5));
        assertThat(c.jitter()).isEqualTo(0.2);
        assertThat(c.seed()).isEqualTo(42L);
        assertThat(c.model()).isEqualTo(ModelSettings.defaults());
    }

    @Test
    void theBuilderChangesOnlyWhatItIsToldAndRoundTrips() {
        SimulatorConfig c = SimulatorConfig.builder("h", 1).seed(7).jitter(0).publishInterval(Duration.ofMillis(250)).build();
        assertThat(c.seed()).isEqualTo(7);
        assertThat(c.jitter()).isZero();
        assertThat(c.publishInterval()).isEqualTo(Duration.ofMillis(250));
        assertThat(c.nettyThreads()).isEqualTo(SimulatorConfig.DEFAULT_NETTY_THREADS);
        assertThat(c.toBuilder().build()).isEqualTo(c);
    }

    @Test
    void nonsenseIsRefusedWithTheSettingsName() {
        assertThatThrownBy(() -> SimulatorConfig.builder("h", 1883).jitter(1.5).build()).hasMessageContaining("jitter");
        assertThatThrownBy(() -> SimulatorConfig.builder("h", 0).build()).hasMessageContaining("mqttPort");
        assertThatThrownBy(() -> SimulatorConfig.builder("h", 1883).topicPrefix("a/#").build()).hasMessageContaining("prefix");
        assertThatThrownBy(() -> SimulatorConfig.builder("h", 1883).publishInterval(Duration.ZERO).build())
                .hasMessageContaining("publishInterval");
        assertThatThrownBy(() -> SimulatorConfig.builder("h", 1883).nettyThreads(0).build()).hasMessageContaining("nettyThreads");
        assertThatThrownBy(() -> SimulatorConfig.builder("h", 1883).keepAlive(Duration.ofDays(2)).build())
                .hasMessageContaining("keepAlive");
    }

    @Test
    void credentialsNeverPrintTheirToken() {
        DeviceCredentials d = new DeviceCredentials(UUID.randomUUID(), "s3cret");
        assertThat(d.toString()).doesNotContain("s3cret").contains(d.machineId().toString());
        assertThatThrownBy(() -> new DeviceCredentials(d.machineId(), "")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aMachineListedTwiceIsRefused() {
        DeviceCredentials d = new DeviceCredentials(UUID.randomUUID(), "t");
        assertThatThrownBy(() -> new FleetSimulator(SimulatorConfig.defaults("h", 1883), List.of(d, d)))
                .hasMessageContaining("listed twice");
    }
}
