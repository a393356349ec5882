package com.vendhub.realtime.fanout.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * A deliberately minimal WebSocket client on a plain {@link Socket}: it upgrades, sends masked
 * text frames and reads only when asked, so a test can make it stop reading (a slow client).
 */
public final class RawWebSocketClient implements AutoCloseable {

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final SecureRandom random = new SecureRandom();
    private final ByteArrayOutputStream seen = new ByteArrayOutputStream();

    private RawWebSocketClient(Socket socket) throws IOException {
        this.socket = socket;
        this.in = socket.getInputStream();
        this.out = socket.getOutputStream();
    }

    /**
     * Opens {@code /socket.io/?EIO=4&transport=websocket} with {@code Authorization: Bearer token}.
     *
     * @param receiveBufferBytes the socket's receive buffer, small so the server's writes back up early
     */
    public static RawWebSocketClient open(String host, int port, String bearerToken, int receiveBufferBytes)
            throws IOException {
        Socket socket = new Socket();
        socket.setReceiveBufferSize(receiveBufferBytes);
        socket.setSoTimeout(10_000);
        socket.connect(new InetSocketAddress(host, port), 10_000);
        RawWebSocketClient client = new RawWebSocketClient(socket);
        byte[] nonce = new byte[16];
        client.random.nextBytes(nonce);
        String request = "GET /socket.io/?EIO=4&transport=websocket HTTP/1.1\r\n"
                + "Host: " + host + ":" + port + "\r\n"
                + "Upgrade: websocket\r\n"
                + "Connection: Upgrade\r\n"
                + "Sec-WebSocket-Key: " + Base64.getEncoder().encodeToString(nonce) + "\r\n"
                + "Sec-WebSocket-Version: 13\r\n"
                + "Authorization: Bearer " + bearerToken + "\r\n"
                + "\r\n";
        client.out.write(request.getBytes(StandardCharsets.US_ASCII));
        client.out.flush();
        client.readUntil("\r\n\r\n");
        return client;
    }

    /** Sends one masked text frame (RFC 6455 section 5.3: client frames are always masked). */
    public void sendText(String text) throws IOException {
        byte[] payload = text.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream frame = new ByteArrayOutputStream();
        frame.write(0x81);
        if (payload.length < 126) {
            frame.write(0x80 | payload.length);
        } else {
            frame.write(0x80 | 126);
            frame.write(payload.length >>> 8);
            frame.write(payload.length & 0xff);
        }
        byte[] mask = new byte[4];
        random.nextBytes(mask);
        frame.write(mask);
        for (int i = 0; i < payload.length; i++) {
            frame.write(payload[i] ^ mask[i % 4]);
        }
        out.write(frame.toByteArray());
        out.flush();
    }

    /** Reads until the bytes seen so far contain {@code marker} (frames are not parsed; fine for ASCII markers). */
    public void readUntil(String marker) throws IOException {
        byte[] buf = new byte[4096];
        while (!seen.toString(StandardCharsets.ISO_8859_1).contains(marker)) {
            int n = in.read(buf);
            if (n < 0) {
                throw new IOException("connection closed before " + marker);
            }
            seen.write(buf, 0, n);
        }
    }

    /** Reads and discards until the server closes the connection; true if it did within the socket timeout. */
    public boolean drainUntilClosed() {
        byte[] buf = new byte[64 * 1024];
        try {
            while (in.read(buf) >= 0) {
                // discard
            }
            return true;
        } catch (IOException e) {
            return e.getMessage() != null && e.getMessage().toLowerCase().contains("reset");
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
