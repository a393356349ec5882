package com.vendhub.realtime.fanout.health;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Liveness follows the probe's liveness components; without any, the process is alive while it answers. */
class HealthEndpointsTest {

    @Test
    void withoutLivenessComponentsTheProcessIsAlive() {
        HealthEndpoints health = new HealthEndpoints(() -> Map.of("database", false));
        assertThat(health.live().httpStatus()).isEqualTo(200);
        assertThat(health.ready().httpStatus()).isEqualTo(503);
    }

    @Test
    void aLivenessComponentDownAnswers503AndNamesIt() {
        HealthEndpoints health = new HealthEndpoints(new HealthProbe() {
            @Override
            public Map<String, Boolean> components() {
                return Map.of();
            }

            @Override
            public Map<String, Boolean> liveness() {
                return Map.of("jvm", true, "thread:telemetry-batch-writer", false);
            }
        });
        assertThat(health.live().httpStatus()).isEqualTo(503);
        assertThat(health.live().components()).containsEntry("thread:telemetry-batch-writer", false);
    }

    @Test
    void aLivenessProbeThatThrowsIsDown() {
        HealthEndpoints health = new HealthEndpoints(new HealthProbe() {
            @Override
            public Map<String, Boolean> components() {
                return Map.of();
            }

            @Override
            public Map<String, Boolean> liveness() {
                throw new IllegalStateException("broken probe");
            }
        });
        assertThat(health.live().httpStatus()).isEqualTo(503);
    }
}
