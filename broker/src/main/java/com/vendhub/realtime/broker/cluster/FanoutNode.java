package com.vendhub.realtime.broker.cluster;

import com.vendhub.realtime.broker.assembly.DatabasePart;
import com.vendhub.realtime.broker.assembly.EventStream;
import com.vendhub.realtime.broker.assembly.FanoutPart;
import com.vendhub.realtime.broker.assembly.MachinesPart;
import com.vendhub.realtime.broker.assembly.ProcessParts;
import com.vendhub.realtime.broker.assembly.RoomEventHub;
import com.vendhub.realtime.broker.lifecycle.ShutdownOrder;
import com.vendhub.realtime.broker.lifecycle.ShutdownOrder.Stage;
import com.vendhub.realtime.broker.startup.ListeningPorts;
import com.vendhub.realtime.fanout.FanoutServer;
import com.vendhub.realtime.fanout.events.BackendEventPolicy;
import com.vendhub.realtime.schema.machines.DatabaseMachineRegistry;
import com.vendhub.realtime.schema.machines.MachineLiveState;
import com.vendhub.realtime.schema.topics.TopicScheme;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One {@code vendhub fanout} process: the Socket.IO fan-out fed from the MQTT event stream. */
public final class FanoutNode implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(FanoutNode.class);
    private final ProcessParts process;
    private final FanoutServer fanout;
    private final int httpPort;

    private FanoutNode(ProcessParts process, FanoutServer fanout, int httpPort) {
        this.process = process;
        this.fanout = fanout;
        this.httpPort = httpPort;
    }

    public static FanoutNode start(FanoutNodeSettings s) throws Exception {
        return ShutdownOrder.startOrClose(new ProcessParts(s.shutdownTimeout()), parts -> startAll(s, parts));
    }

    /** Builds every part, then starts them: the database check, the event stream, the HTTP port last. */
    private static FanoutNode startAll(FanoutNodeSettings s, ProcessParts parts) throws Exception {
        PrometheusMeterRegistry metrics = parts.metrics();
        ShutdownOrder shutdown = parts.shutdown();
        ListeningPorts.requireFree(List.of(new ListeningPorts.Port("--http-port", s.http().host(), s.http().port())));
        DatabasePart database = DatabasePart.connect(s.database(), metrics, shutdown);
        DatabaseMachineRegistry machines = MachinesPart.registry(database);
        RoomEventHub toFanout = new RoomEventHub("fanout", metrics);
        EventStreamSubscriber stream = new EventStreamSubscriber(s.mqtt().url(), s.mqtt().username(), s.mqtt().password(),
                EventStream.wire(new TopicScheme(s.topicPrefix())), toFanout, new BackendEventPolicy(machines),
                metrics);
        // POST /api/v1/events goes onto the stream, so the clients of every node get it (this node's own
        // subscription brings it back here); the stream is up before the port.
        FanoutPart part = new FanoutPart(s.http(),
                FanoutPart.verifier(s.jwt().secret(), s.jwt().publicKeyPem()), machines, MachineLiveState.NONE, database,
                () -> Map.of("database", database.up(), "events", stream.subscribed()), metrics, stream::publish,
                s.historyQueryTimeout(), s.history(), shutdown);
        toFanout.connect(part.server());

        // The same check as vendhub serve: a pool that runs says nothing about a database that answers.
        database.startCheck(s.readiness());
        shutdown.add(Stage.STOP_INTAKE, stream);
        stream.start();
        int httpPort = part.start();
        log.info("vendhub fan-out node ready: HTTP + Socket.IO on port {}, events from {}:{}", httpPort,
                s.mqtt().url().host(), s.mqtt().url().port());
        return new FanoutNode(parts, part.server(), httpPort);
    }

    public int httpPort() {
        return httpPort;
    }

    public FanoutServer fanout() {
        return fanout;
    }

    public PrometheusMeterRegistry metrics() {
        return process.metrics();
    }

    /** Stops in the one shutdown order: the event stream, the HTTP port, the database. */
    @Override
    public void close() {
        process.close();
    }
}
