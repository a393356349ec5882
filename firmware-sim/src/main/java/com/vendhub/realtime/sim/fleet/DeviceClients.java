package com.vendhub.realtime.sim.fleet;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.MqttClientExecutorConfig;
import com.hivemq.client.mqtt.MqttClientSslConfig;
import com.hivemq.client.mqtt.mqtt3.Mqtt3ClientBuilder;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

/** Prepares each machine's MQTT 3.1.1 client: identity, broker, timeouts, reconnect policy and the shared event loops. */
final class DeviceClients {

    private final SimulatorConfig config;
    /** One executor config for all clients: HiveMQ keys its event loop group on the executor, so all share it. */
    private final MqttClientExecutorConfig executorConfig;

    DeviceClients(SimulatorConfig config, Executor nettyExecutor) {
        this.config = config;
        this.executorConfig = MqttClientExecutorConfig.builder()
                .nettyExecutor(nettyExecutor)
                .nettyThreads(config.nettyThreads())
                .build();
    }

    /** A builder with everything but the listeners, which the machine adds. */
    Mqtt3ClientBuilder builderFor(DeviceCredentials device) {
        String id = device.machineId().toString();
        long timeoutMillis = config.connectTimeout().toMillis();
        return MqttClient.builder()
                .useMqttVersion3()
                .identifier(id)
                .transportConfig()
                    .serverHost(config.mqttHost())
                    .serverPort(config.mqttPort())
                    .sslConfig(config.tls() ? MqttClientSslConfig.builder().build() : null)
                    .socketConnectTimeout(timeoutMillis, TimeUnit.MILLISECONDS)
                    .mqttConnectTimeout(timeoutMillis, TimeUnit.MILLISECONDS)
                    .applyTransportConfig()
                .executorConfig(executorConfig)
                .simpleAuth()
                    .username(id)
                    .password(device.token().getBytes(StandardCharsets.UTF_8))
                    .applySimpleAuth()
                .automaticReconnect()
                    .initialDelay(config.reconnectInitialDelay().toMillis(), TimeUnit.MILLISECONDS)
                    .maxDelay(config.reconnectMaxDelay().toMillis(), TimeUnit.MILLISECONDS)
                    .applyAutomaticReconnect();
    }
}
