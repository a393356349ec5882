package com.vendhub.realtime.broker.mqtt;

import com.vendhub.realtime.schema.text.LogThrottle;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.mqtt.MqttConnectMessage;
import io.netty.util.AttributeKey;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;
import java.lang.reflect.Method;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Holds back what a client sends after its CONNECT until Moquette 0.17 has marked the connection
 * connected, then hands it on in order. Moquette answers the CONNECT on its session loop and sets its
 * connection's {@code connected} flag in a listener of the CONNACK write (MQTTConnection#executeConnect);
 * that listener is added from the session loop after the write was handed to the event loop, so when the
 * write completes first, Netty runs the listener as a later task and a SUBSCRIBE or PUBLISH the client sent
 * the moment it read its CONNACK can be read in between. Moquette then logs "SUBSCRIBE received on already
 * closed connection" and drops the connection (MQTTConnection#processSubscribe): a device that subscribes
 * to its {@code ack} and {@code commands} right after connecting, as the contract's devices do, was thrown
 * out now and then. Here the connection's state is read through Moquette's package-private
 * {@code MQTTConnection#isConnected} (the channel attribute {@code "connection"} of NewNettyMQTTHandler),
 * checked every millisecond on the connection's event loop while anything is held.
 *
 * <p>Bounds: at most {@link #MAX_HELD} messages per connection (a client that sends more before its CONNACK
 * is closed) and {@link #MAX_WAIT_MILLIS} of waiting, after which the held messages go to Moquette as
 * they are (it drops the connection if it is still not connected). Counted in
 * {@code vendhub_broker_connack_barrier_total{outcome}}.
 */
@ChannelHandler.Sharable
final class ConnAckBarrier extends ChannelInboundHandlerAdapter {

    static final String NAME = "vendhub-connack-barrier";
    static final int MAX_HELD = 256;
    static final long MAX_WAIT_MILLIS = 10_000;

    private static final Logger LOG = LoggerFactory.getLogger(ConnAckBarrier.class);
    private static final AttributeKey<Object> MOQUETTE_CONNECTION = AttributeKey.valueOf("connection");
    private static final AttributeKey<Held> HELD = AttributeKey.valueOf("vendhub.connack.held");

    private final Method isConnected;
    private final LogThrottle throttle;
    private final Counter held;
    private final Counter overflow;
    private final Counter timedOut;

    private ConnAckBarrier(Method isConnected, LogThrottle throttle, MeterRegistry metrics) {
        this.isConnected = isConnected;
        this.throttle = throttle;
        this.held = counter(metrics, "held");
        this.overflow = counter(metrics, "overflow");
        this.timedOut = counter(metrics, "timed_out");
    }

    /** The barrier, or an exception naming what of Moquette 0.17 it did not find (the start then fails). */
    static ConnAckBarrier create(LogThrottle throttle, MeterRegistry metrics) throws IOException {
        try {
            Method m = Class.forName("io.moquette.broker.MQTTConnection").getDeclaredMethod("isConnected");
            m.setAccessible(true);
            return new ConnAckBarrier(m, throttle, metrics);
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IOException("Moquette does not have the MQTTConnection#isConnected this barrier was written "
                    + "for; see ConnAckBarrier", e);
        }
    }

    private static Counter counter(MeterRegistry metrics, String outcome) {
        return Counter.builder("vendhub.broker.connack.barrier").tag("outcome", outcome)
                .description("Messages a client sent between its CONNECT and Moquette marking it connected")
                .register(metrics);
    }

    /** Per connection, on its event loop only. */
    private static final class Held {
        final ArrayDeque<Object> messages = new ArrayDeque<>();
        final long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(MAX_WAIT_MILLIS);
        boolean checking;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        Channel channel = ctx.channel();
        Held h = channel.attr(HELD).get();
        if (msg instanceof MqttConnectMessage) {
            ctx.fireChannelRead(msg);
            if (!connected(channel)) {
                channel.attr(HELD).set(new Held());
            }
            return;
        }
        if (h == null) {
            ctx.fireChannelRead(msg);
            return;
        }
        if (connected(channel)) {
            release(ctx, h);
            ctx.fireChannelRead(msg);
            return;
        }
        if (h.messages.size() >= MAX_HELD) {
            overflow.increment();
            ReferenceCountUtil.release(msg);
            long suppressed = throttle.admit("connack-barrier|overflow");
            if (suppressed >= 0) {
                LOG.warn("MQTT client sent more than {} packets before its CONNACK completed: closing it{}", MAX_HELD,
                        suppressed > 0 ? " [" + suppressed + " more not logged]" : "");
            }
            ctx.close();
            return;
        }
        held.increment();
        h.messages.add(msg);
        if (!h.checking) {
            h.checking = true;
            check(ctx, h);
        }
    }

    private void check(ChannelHandlerContext ctx, Held h) {
        Channel channel = ctx.channel();
        if (!channel.isActive() || channel.attr(HELD).get() != h) {
            return; // closed (channelInactive released the messages) or already released
        }
        if (connected(channel)) {
            release(ctx, h);
        } else if (System.nanoTime() - h.deadline >= 0) {
            timedOut.increment();
            release(ctx, h); // Moquette decides: it drops a connection that is still not connected
        } else {
            ctx.executor().schedule(() -> check(ctx, h), 1, TimeUnit.MILLISECONDS);
        }
    }

    private static void release(ChannelHandlerContext ctx, Held h) {
        ctx.channel().attr(HELD).set(null);
        Object m;
        while ((m = h.messages.poll()) != null) {
            ctx.fireChannelRead(m);
        }
    }

    private boolean connected(Channel channel) {
        Object connection = channel.attr(MOQUETTE_CONNECTION).get();
        if (connection == null) {
            return false;
        }
        try {
            return (Boolean) isConnected.invoke(connection);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return true; // never hold forever on a failed look: Moquette then behaves as without the barrier
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        Held h = ctx.channel().attr(HELD).getAndSet(null);
        if (h != null) {
            h.messages.forEach(ReferenceCountUtil::release);
        }
        ctx.fireChannelInactive();
    }
}
