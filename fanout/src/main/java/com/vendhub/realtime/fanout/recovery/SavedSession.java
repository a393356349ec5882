package com.vendhub.realtime.fanout.recovery;

import com.vendhub.realtime.fanout.auth.Principal;
import com.vendhub.realtime.fanout.rooms.RoomKey;
import java.util.Set;

/**
 * What a dropped socket leaves behind for recovery.
 *
 * @param position the log position when the socket connected: the offset to resume from when the
 *     client presents none (it had received no broadcast)
 * @param savedAtNanos when it was saved, on the log's clock
 */
record SavedSession(String pid, String socketId, Principal principal, Set<RoomKey> rooms, long position,
        long savedAtNanos) {
}
