/**
 * Scale-out on an external MQTT broker. {@code vendhub fanout --mqtt-url ...} runs a fan-out node
 * ({@link com.vendhub.realtime.broker.cluster.FanoutNode}) that takes its room events from the event stream
 * ({@code {prefix}/events/#}, see {@code RoomEventWire}), so several nodes behind a load balancer each serve
 * their own clients and every client gets every event of its rooms once. {@code vendhub ingest --mqtt-url ...}
 * runs an ingest worker ({@link com.vendhub.realtime.broker.cluster.IngestWorker}) whose
 * {@link com.vendhub.realtime.broker.cluster.SharedSubscriptionSession} holds a persistent MQTT 5 session with
 * shared subscriptions, acknowledging each message to the broker only after its reading is committed; the
 * worker publishes commit acknowledgements and live events back over MQTT. Both are wired from the shared
 * parts of {@link com.vendhub.realtime.broker.assembly}.
 */
package com.vendhub.realtime.broker.cluster;
