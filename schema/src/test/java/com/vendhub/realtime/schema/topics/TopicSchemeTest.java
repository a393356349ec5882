package com.vendhub.realtime.schema.topics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TopicSchemeTest {

    private static final UUID ID = UUID.fromString("3f8e2a10-1c4b-4f0e-9a55-0c3a6d7e8f01");
    private final TopicScheme topics = TopicScheme.defaults();

    @Test
    void buildsTheContractsTopics() {
        assertThat(topics.telemetry(ID)).isEqualTo("vendhub/machines/" + ID + "/telemetry");
        assertThat(topics.status(ID)).isEqualTo("vendhub/machines/" + ID + "/status");
        assertThat(topics.ack(ID)).isEqualTo("vendhub/machines/" + ID + "/ack");
        assertThat(topics.commands(ID)).isEqualTo("vendhub/machines/" + ID + "/commands");
        assertThat(topics.event("org:" + ID)).isEqualTo("vendhub/events/org:" + ID);
        assertThat(topics.allMachines(MachineTopicKind.TELEMETRY)).isEqualTo("vendhub/machines/+/telemetry");
    }

    @Test
    void parsesWhatItBuilds() {
        for (MachineTopicKind kind : MachineTopicKind.values()) {
            assertThat(topics.parseMachineTopic(topics.machine(ID, kind))).contains(new MachineTopic(ID, kind));
        }
        assertThat(topics.parseEventRoom("vendhub/events/machines:all")).contains("machines:all");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "vendhub/machines/3f8e2a10-1c4b-4f0e-9a55-0c3a6d7e8f01",
        "vendhub/machines/3f8e2a10-1c4b-4f0e-9a55-0c3a6d7e8f01/telemetry/extra",
        "vendhub/machines/3F8E2A10-1C4B-4F0E-9A55-0C3A6D7E8F01/telemetry",
        "vendhub/machines/not-a-uuid/telemetry",
        "vendhub/machines/3f8e2a10-1c4b-4f0e-9a55-0c3a6d7e8f01/firmware",
        "other/machines/3f8e2a10-1c4b-4f0e-9a55-0c3a6d7e8f01/telemetry",
        "vendhub/machines//telemetry",
        ""
    })
    void refusesEverythingElse(String topic) {
        assertThat(topics.parseMachineTopic(topic)).isEmpty();
    }

    @Test
    void prefixIsConfigurableButNeverAWildcard() {
        assertThat(new TopicScheme("acme/vh").telemetry(ID)).isEqualTo("acme/vh/machines/" + ID + "/telemetry");
        assertThatThrownBy(() -> new TopicScheme("vendhub/#")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new TopicScheme("")).isInstanceOf(IllegalArgumentException.class);
    }
}
