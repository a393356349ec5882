package com.vendhub.realtime.fanout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class FanoutConfigTest {

    @Test
    void defaultsFollowTheContractAndTheReferenceServer() {
        FanoutConfig c = FanoutConfig.defaults();
        assertThat(c.port()).isEqualTo(8080);
        assertThat(c.pingInterval()).isEqualTo(Duration.ofSeconds(25));
        assertThat(c.pingTimeout()).isEqualTo(Duration.ofSeconds(20));
        assertThat(c.maxPayloadBytes()).isEqualTo(1_000_000);
        assertThat(c.writeBufferLowWaterMark()).isEqualTo(256 * 1024);
        assertThat(c.writeBufferHighWaterMark()).isEqualTo(1024 * 1024);
        assertThat(c.maxRoomsPerSocket()).isEqualTo(1000);
        assertThat(c.restBodyLimitBytes()).isEqualTo(64 * 1024);
        assertThat(c.corsOrigin()).isEqualTo("*");
        assertThat(c.toBuilder().build()).isEqualTo(c);
    }

    @Test
    void refusesNonsense() {
        assertThatThrownBy(() -> FanoutConfig.builder().port(70000).build()).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> FanoutConfig.builder().pingTimeout(Duration.ZERO).build())
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> FanoutConfig.builder().writeBufferLowWaterMark(2 << 20).build())
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> FanoutConfig.builder().maxOutboundBytesPerSocket(1).build())
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> FanoutConfig.builder().workerQueueCapacity(0).build())
                .isInstanceOf(IllegalArgumentException.class);
    }
}
