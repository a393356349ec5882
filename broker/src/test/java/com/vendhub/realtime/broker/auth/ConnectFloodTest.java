package com.vendhub.realtime.broker.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.hivemq.client.mqtt.mqtt3.Mqtt3BlockingClient;
import com.vendhub.realtime.broker.testing.RawMqttConnection;
import com.vendhub.realtime.broker.testing.RunningServer;
import com.vendhub.realtime.schema.machines.ProvisionedMachine;
import com.vendhub.realtime.broker.testing.RunningServerExtension;
import java.util.OptionalDouble;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * docs/security.md, "CONNECT: checked before a session exists": CONNECTs with client ids of up to 64 KiB and any credentials each left their id
 * in the CONNECT-rate map, and about 4,600 of them exhausted a 256 MiB heap. A client id longer than the
 * contract's forms is now refused with CONNACK 0x02 before anything is kept, and the map's size and
 * bytes (metrics) stay bounded through a flood of 5,000 such CONNECTs.
 */
class ConnectFloodTest {

    private static final int IDENTIFIER_REJECTED = 2;
    private static final int FLOOD = 5_000;
    private static final int ID_CHARS = 60 * 1024;

    @RegisterExtension
    static final RunningServerExtension vendhub = RunningServerExtension.defaults();

    @Test
    void longClientIdsAreRefusedBeforeAnythingIsStoredAndTheRateMapStaysBounded(RunningServer server) throws Exception {
        int port = server.server().mqttPort();
        String padding = "x".repeat(ID_CHARS - 36);
        for (int i = 0; i < FLOOD; i++) {
            String id = UUID.randomUUID() + padding;
            assertThat(RawMqttConnection.connectAndDrop(port, id, "user-" + i, "password", null, null))
                    .as("CONNACK return code of bogus CONNECT %d", i).isEqualTo(IDENTIFIER_REJECTED);
        }
        // A machine id that is not a lower-case UUID, and a service id past the longest form, too.
        assertThat(RawMqttConnection.connectAndDrop(port, "NOT-A-UUID", "NOT-A-UUID", "p", null, null))
                .isEqualTo(IDENTIFIER_REJECTED);
        assertThat(RawMqttConnection.connectAndDrop(port, "svc:" + "y".repeat(300),
                "svc:y", RunningServer.SERVICE_SECRET, null, null)).isEqualTo(IDENTIFIER_REJECTED);

        // A real machine still connects, and it is all the rate map holds.
        ProvisionedMachine m = server.provision(UUID.randomUUID(), "after the flood");
        Mqtt3BlockingClient device = server.connectDevice(m);
        String scrape = server.server().metrics().scrape();
        assertThat(gauge(scrape, "vendhub_broker_connect_rate_sources")).as("remembered client ids").isPresent();
        assertThat(gauge(scrape, "vendhub_broker_connect_rate_sources").getAsDouble()).isLessThanOrEqualTo(1.0);
        assertThat(gauge(scrape, "vendhub_broker_connect_rate_bytes")).as("remembered bytes").isPresent();
        assertThat(gauge(scrape, "vendhub_broker_connect_rate_bytes").getAsDouble()).isLessThan(1024.0);
        assertThat(gauge(scrape, "vendhub_broker_connect_refused_total{reason=\"client_id_too_long\"}"))
                .hasValue((double) FLOOD + 1);
        device.disconnect();
    }

    private static OptionalDouble gauge(String scrape, String series) {
        return scrape.lines().filter(l -> l.startsWith(series + " "))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).findFirst();
    }
}
