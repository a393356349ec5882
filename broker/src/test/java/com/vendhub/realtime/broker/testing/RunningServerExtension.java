package com.vendhub.realtime.broker.testing;

import com.vendhub.realtime.broker.app.DeviceAccessSettings;
import com.vendhub.realtime.ingest.EventWriterSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.function.ThrowingConsumer;

/**
 * "A running server" for a system test: a {@link RunningServer} started before the test and closed
 * after it, whether the test passed or not. Its lifecycle is where it is registered, as JUnit calls
 * class-level callbacks only on extensions in static fields (JUnit 5 user guide, "Programmatic
 * Extension Registration"):
 * <pre>{@code
 * @RegisterExtension
 * static final RunningServerExtension vendhub = RunningServerExtension.defaults();  // one server per class
 *
 * @RegisterExtension
 * final RunningServerExtension vendhub = RunningServerExtension.defaults();         // one server per test
 * }</pre>
 * A server per class suits a class whose tests each use their own organization and machines; a
 * server per test, one whose tests look at counters, logs or state the others would disturb.
 * Tests get the server from {@link #server()} or as a {@code RunningServer} parameter of a test,
 * {@code @BeforeEach} or (per class) {@code @BeforeAll} method
 * (docs/testing.md, "Writing a system test").
 */
public final class RunningServerExtension
        implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback, ParameterResolver {

    /** Starts the server in a data directory: a fresh one, or the last one's on {@link #restart()}. */
    private final Function<Path, RunningServer> start;
    private RunningServer server;
    private boolean perClass;

    private RunningServerExtension(Function<Path, RunningServer> start) {
        this.start = start;
    }

    /** The server {@link RunningServer#start()} starts: defaults, no demo fleet, a fresh data directory. */
    public static RunningServerExtension defaults() {
        return new RunningServerExtension(data -> RunningServer.start(data, false));
    }

    /**
     * A server whose device-access settings (TLS, limits, silence timeout) are the test defaults
     * ({@link RunningServer#SERVICE_SECRET} for service clients) changed by {@code change}.
     */
    public static RunningServerExtension withDevices(UnaryOperator<DeviceAccessSettings> change) {
        DeviceAccessSettings devices = change.apply(
                DeviceAccessSettings.defaults().withServiceSecret(RunningServer.SERVICE_SECRET));
        return new RunningServerExtension(data -> RunningServer.start(data, false, devices));
    }

    /** A server with these events-writer settings (queues, dead-letter budget and retention). */
    public static RunningServerExtension withEvents(EventWriterSettings events) {
        return new RunningServerExtension(data -> RunningServer.start(data, events));
    }

    /** A server with the demo fleet, in a fresh data directory. */
    public static RunningServerExtension demo() {
        return new RunningServerExtension(data -> RunningServer.start(data, true));
    }

    /** The server of the running test. */
    public RunningServer server() {
        if (server == null) {
            throw new IllegalStateException("no server: RunningServerExtension starts it before each test "
                    + "(instance field) or before all tests (static field)");
        }
        return server;
    }

    /**
     * Stops the server (as {@code vendhub serve} stops) and starts it again on the same data directory:
     * database, spool and demo credentials survive, ports are new.
     */
    public RunningServer restart() {
        return restart(data -> { });
    }

    /** {@link #restart()}, doing {@code whileStopped} to the data directory between the stop and the start. */
    public RunningServer restart(ThrowingConsumer<Path> whileStopped) {
        Path data = server().dataDirectory();
        stop();
        try {
            whileStopped.accept(data);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException("while the server was stopped", e);
        }
        server = start.apply(data);
        return server;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        perClass = true;
        server = start.apply(freshDirectory());
    }

    @Override
    public void afterAll(ExtensionContext context) {
        stop();
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        if (!perClass) {
            server = start.apply(freshDirectory());
        }
    }

    @Override
    public void afterEach(ExtensionContext context) {
        if (!perClass) {
            stop();
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == RunningServer.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return server();
    }

    private void stop() {
        RunningServer running = server;
        server = null;
        if (running != null) {
            running.close();
        }
    }

    private static Path freshDirectory() {
        try {
            return Files.createTempDirectory("vendhub-test-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
