package com.vendhub.realtime.fanout.engineio;

import io.netty.buffer.ByteBuf;
import io.netty.util.concurrent.EventExecutor;
import java.net.SocketAddress;

/**
 * How an {@link EngineIoSession} reaches its client. The websocket transport writes one frame
 * per packet; a future polling transport would queue packets for the next GET.
 */
public interface Transport {

    /** {@code websocket} or {@code polling}. */
    String name();

    /** The single thread that owns this transport's and its session's state. */
    EventExecutor executor();

    /** Sends one encoded Engine.IO packet now (flushed); callable from any thread. */
    void send(String encodedPacket);

    /**
     * Queues one encoded Engine.IO packet, taking ownership of {@code encodedPacket} (released
     * whether or not it is sent); the flush is coalesced with other deliveries. Call on {@link #executor()}.
     *
     * @return false when the packet was dropped (transport closing, or the client was too slow)
     */
    boolean deliver(ByteBuf encodedPacket);

    /** Closes the transport; {@code reason} is a metric tag. Callable from any thread. */
    void close(String reason);

    SocketAddress remoteAddress();
}
