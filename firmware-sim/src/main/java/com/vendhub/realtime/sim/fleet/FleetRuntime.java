package com.vendhub.realtime.sim.fleet;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.vendhub.realtime.schema.json.WireJson;
import com.vendhub.realtime.schema.topics.TopicScheme;
import com.vendhub.realtime.sim.offline.OfflineCounters;
import com.vendhub.realtime.sim.offline.OfflineSettings;
import java.time.Clock;
import java.util.concurrent.ScheduledExecutorService;

/** What every simulated machine of one fleet shares: settings, clock, scheduler, codec and counters. */
record FleetRuntime(
        SimulatorConfig config,
        Clock clock,
        ScheduledExecutorService scheduler,
        TopicScheme topics,
        WireJson json,
        MqttQos qos,
        StatusMessages statuses,
        FleetCounters counters,
        OfflineSettings offline,
        OfflineCounters offlineCounters) {
}
