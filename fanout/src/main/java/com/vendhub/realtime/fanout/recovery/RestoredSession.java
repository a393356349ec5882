package com.vendhub.realtime.fanout.recovery;

import io.netty.buffer.ByteBuf;
import java.util.List;

/**
 * A recovered socket: its old id and the broadcasts it missed, in order, as retained encoded
 * Engine.IO message packets that the caller now owns.
 */
public record RestoredSession(String socketId, List<ByteBuf> missed) {
}
