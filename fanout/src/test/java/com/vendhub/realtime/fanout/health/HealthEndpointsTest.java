package com.vendhub.realtime.fanout.health;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** Liveness follows the probe's liveness components; without any, the process is alive while it answers. */
class HealthEndpointsTest {

    @Test
    void withoutLivenessComponentsTheProcessIsAlive() {
        HealthEndpoints health = new HealthEndpoints(() -> Map.of("database", false));
        assertThat(health.live().httpStatus()).isEqualTo(200);
        assertThat(health.ready().httpStatus()).isEqualTo(503);
    }

    /** Endpoints over a probe with no readiness components and this liveness. */
    private static HealthEndpoints withLiveness(Supplier<Map<String, Boolean>> liveness) {
        return new HealthEndpoints(new HealthProbe() {
            @Override
            public Map<String, Boolean> components() {
                return Map.of();
            }

            @Override
            public Map<String, Boolean> liveness() {
                return liveness.get();
            }
        });
    }

    @Test
    void aLivenessComponentDownAnswers503AndNamesIt() {
        HealthEndpoints health = withLiveness(() -> Map.of("jvm", true, "thread:telemetry-batch-writer", false));
        assertThat(health.live().httpStatus()).isEqualTo(503);
        assertThat(health.live().components()).containsEntry("thread:telemetry-batch-writer", false);
    }

    @Test
    void aLivenessProbeThatThrowsIsDown() {
        HealthEndpoints health = withLiveness(() -> {
            throw new IllegalStateException("broken probe");
        });
        assertThat(health.live().httpStatus()).isEqualTo(503);
    }
}
