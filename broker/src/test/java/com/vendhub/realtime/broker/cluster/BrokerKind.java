package com.vendhub.realtime.broker.cluster;

/** The external MQTT 5 brokers every cluster scenario runs against (a parameter of those tests). */
enum BrokerKind {

    /** Mosquitto as the machine has it (2.0.11 on Debian 12): its Receive Maximum handling is broken. */
    MOSQUITTO {
        @Override
        ExternalBroker start() throws Exception {
            return Mosquitto.start();
        }
    },
    /** HiveMQ Community Edition, embedded in a child JVM: a spec-faithful MQTT 5 broker. */
    HIVEMQ_CE {
        @Override
        ExternalBroker start() {
            return HiveMqCe.start();
        }
    };

    abstract ExternalBroker start() throws Exception;
}
