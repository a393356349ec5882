package com.vendhub.realtime.sim.offline;

import com.hivemq.client.mqtt.mqtt3.Mqtt3Client;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;

/**
 * Drops a client's TCP connection without a DISCONNECT, the way a power cut or a dead mobile link
 * does, so the broker fires the machine's Last Will. The HiveMQ client has no public call for that
 * (its disconnect always sends DISCONNECT, which discards the Will); its connection config, which
 * 1.3.x implements with {@code internal.mqtt.MqttClientConnectionConfig}, holds the Netty channel.
 * The client version is pinned in the parent pom; if that class ever changes, {@link #cut} answers
 * false and the machine only stops publishing for the outage (counted as a drop all the same).
 */
public final class LinkCutter {

    private LinkCutter() {
    }

    /** Resets the client's connection; false when it is not connected or its channel is out of reach. */
    public static boolean cut(Mqtt3Client client) {
        return client.getConfig().getConnectionConfig()
                .filter(c -> c instanceof com.hivemq.client.internal.mqtt.MqttClientConnectionConfig)
                .map(c -> ((com.hivemq.client.internal.mqtt.MqttClientConnectionConfig) c).getChannel())
                .map(LinkCutter::reset)
                .orElse(false);
    }

    private static boolean reset(Channel channel) {
        // SO_LINGER 0: close sends a TCP RST, and nothing MQTT-level is written first.
        channel.config().setOption(ChannelOption.SO_LINGER, 0);
        channel.close();
        return true;
    }
}
