package com.vendhub.realtime.fanout.engineio;

import io.netty.buffer.ByteBuf;
import java.net.SocketAddress;

/**
 * How an {@link EngineIoSession} reaches its client: the websocket transport writes one frame per
 * packet, the polling transport queues packets for the next GET. Every callback into the session
 * happens on the session's executor.
 */
public interface Transport {

    /** {@code websocket} or {@code polling}. */
    String name();

    /** Sends one encoded Engine.IO packet now (flushed); callable from any thread. */
    void send(String encodedPacket);

    /**
     * Queues one encoded Engine.IO packet, taking ownership of {@code encodedPacket} (released
     * whether or not it is sent); the flush is coalesced with other deliveries. Call on the
     * session's executor.
     *
     * @return false when the packet was dropped (transport closing, or the client was too slow)
     */
    boolean deliver(ByteBuf encodedPacket);

    /** Closes the transport; {@code reason} is a metric tag. Callable from any thread. */
    void close(String reason);

    SocketAddress remoteAddress();

    /** Answers a parked poll with a {@code noop} so the client can pause polling during an upgrade. */
    default void releasePendingPoll() {
    }

    /**
     * The session moved to {@code successor} ("Protocol, Upgrade"): hand it whatever is still
     * queued and stop serving; on the session's executor.
     */
    default void discard(Transport successor) {
        close("upgraded");
    }
}
