package com.vendhub.realtime.fanout.http;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;

/** What the slow- and hostile-client tests read from a raw socket to the HTTP port. */
final class RawHttp {

    private RawHttp() {
    }

    /** Everything the server sends until it closes (a reset counts as closed). */
    static String readUntilClosed(Socket socket) throws IOException {
        InputStream in = socket.getInputStream();
        StringBuilder out = new StringBuilder();
        byte[] buf = new byte[1024];
        try {
            for (int n; (n = in.read(buf)) >= 0; ) {
                out.append(new String(buf, 0, n, StandardCharsets.UTF_8));
            }
        } catch (SocketException reset) {
            // the server closed with unread bytes of ours pending
        }
        return out.toString();
    }
}
