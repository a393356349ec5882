package com.vendhub.realtime.bench.soak;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** What the soak reads off the wire: recovery offsets of Socket.IO frames and Prometheus families. */
class ParsingTest {

    @Test
    void theOffsetIsTheLastStringArgumentOfABroadcast() {
        assertThat(DashboardClients.offsetOf("42[\"machine:telemetry\",{\"a\":\"1\"},\"1234\"]")).isEqualTo("1234");
        assertThat(DashboardClients.offsetOf("42[\"subscribed\",{\"room\":\"machines:all\"}]")).isNull();
        assertThat(DashboardClients.offsetOf("42[\"x\",\"not-a-number\"]")).isNull();
        assertThat(DashboardClients.offsetOf("42[\"x\",\"\"]")).isNull();
    }

    @Test
    void aFamilyIsSummedOverItsSeriesAndNotConfusedWithALongerName() {
        MetricsText m = new MetricsText("""
                # HELP vendhub_fanout_slow_clients_disconnected_total Slow clients
                # TYPE vendhub_fanout_slow_clients_disconnected_total counter
                vendhub_fanout_slow_clients_disconnected_total{reason="outbound_limit"} 2.0
                vendhub_fanout_slow_clients_disconnected_total{reason="grace_expired"} 1.0
                vendhub_fanout_slow_clients_disconnected_total_extra 100.0
                vendhub_ingest_readings_committed_total 12345.0
                """);

        assertThat(m.sum("vendhub_fanout_slow_clients_disconnected_total")).isEqualTo(3.0);
        assertThat(m.sum("vendhub_fanout_slow_clients_disconnected_total", "grace_expired")).isEqualTo(1.0);
        assertThat(m.sum("vendhub_ingest_readings_committed_total")).isEqualTo(12345.0);
        assertThat(m.sum("vendhub_missing_total")).isZero();
    }
}
