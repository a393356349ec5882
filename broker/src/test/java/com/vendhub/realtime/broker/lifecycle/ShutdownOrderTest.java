package com.vendhub.realtime.broker.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.vendhub.realtime.broker.lifecycle.ShutdownOrder.Stage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ShutdownOrderTest {

    @Test
    void stagesRunInOrderTheirPartsNewestFirstEachOnceAndAFailureStopsNothingElse() {
        List<String> stopped = new ArrayList<>();
        ShutdownOrder shutdown = new ShutdownOrder(Duration.ofSeconds(20));
        shutdown.add(Stage.STOP_DATABASE, "pool", deadline -> stopped.add("pool"));
        shutdown.add(Stage.STOP_DATABASE, "check", deadline -> stopped.add("check"));
        shutdown.add(Stage.STOP_SERVERS, "http", deadline -> stopped.add("http"));
        shutdown.add(Stage.DRAIN, "ingest", deadline -> stopped.add("ingest"));
        shutdown.add(Stage.STOP_SERVERS, "broker", deadline -> {
            stopped.add("broker");
            throw new IllegalStateException("broker stuck");
        });
        shutdown.add(Stage.STOP_OUTPUTS, "status", deadline -> stopped.add("status"));
        shutdown.add(Stage.STOP_INTAKE, "gate", deadline -> stopped.add("gate"));

        shutdown.close();
        shutdown.close();

        assertThat(stopped).containsExactly("gate", "ingest", "status", "broker", "http", "check", "pool");
    }

    @Test
    void aStartThatFailsStopsWhatHadStartedAndRethrows() {
        List<String> stopped = new ArrayList<>();
        ShutdownOrder shutdown = new ShutdownOrder(Duration.ofSeconds(20));
        assertThatThrownBy(() -> ShutdownOrder.startOrClose(shutdown, order -> {
            order.add(Stage.STOP_DATABASE, "pool", deadline -> stopped.add("pool"));
            throw new IllegalStateException("port in use");
        })).hasMessage("port in use");
        assertThat(stopped).containsExactly("pool");
    }

    @Test
    void theDrainGetsTheBoundLessTheReserveAndAtLeastASecond() {
        long now = 1_000_000_000L;
        assertThat(ShutdownOrder.drainBudget(now + Duration.ofSeconds(20).toNanos(), now))
                .isEqualTo(Duration.ofSeconds(15));
        assertThat(ShutdownOrder.drainBudget(now + Duration.ofSeconds(2).toNanos(), now))
                .isEqualTo(Duration.ofSeconds(1));
    }
}
