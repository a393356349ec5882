package com.vendhub.realtime.broker.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import com.vendhub.realtime.broker.testing.RawMqttConnection;
import com.vendhub.realtime.broker.testing.RunningServer;
import com.vendhub.realtime.schema.machines.ProvisionedMachine;
import com.vendhub.realtime.broker.testing.RunningServerExtension;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A device that subscribes the moment it has connected keeps its connection: its SUBSCRIBE, sent in the
 * same TCP write as its CONNECT, is answered with a SUBACK. Without {@link ConnAckBarrier}, Moquette 0.17
 * reads that SUBSCRIBE before it has marked the connection connected and drops the connection ("SUBSCRIBE
 * received on already closed connection"), which is what made a device that subscribed to its ack topic
 * right after CONNACK lose its connection now and then.
 */
class ConnAckBarrierTest {

    @RegisterExtension
    static final RunningServerExtension vendhub = RunningServerExtension.defaults();

    @Test
    void aSubscribeSentWithTheConnectIsAnsweredAndTheConnectionKept(RunningServer server) throws Exception {
        ProvisionedMachine m = server.provision(UUID.randomUUID(), "eager");
        String id = m.machine().id().toString();
        for (int i = 0; i < 20; i++) {
            int code = RawMqttConnection.connectAndSubscribeAtOnce(server.server().mqttPort(), id, id,
                    m.deviceToken(), "vendhub/machines/" + id + "/ack");
            assertThat(code).as("SUBACK return code of attempt %d (-1: connection dropped)", i).isEqualTo(1);
        }
    }
}
