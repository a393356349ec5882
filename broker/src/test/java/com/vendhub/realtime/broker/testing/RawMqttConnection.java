package com.vendhub.realtime.broker.testing;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * An MQTT 3.1.1 device on a bare socket, for what a library client will not do: vanish without a
 * DISCONNECT, the way a machine does when its power or its mobile link goes.
 */
public final class RawMqttConnection implements AutoCloseable {

    private final Socket socket;

    private RawMqttConnection(Socket socket) {
        this.socket = socket;
    }

    /** Connects and returns once the CONNACK accepted the session; fails on a refusal. */
    public static RawMqttConnection connect(int port, String clientId, String username, String password)
            throws IOException {
        Socket socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout(10_000);
        OutputStream out = socket.getOutputStream();
        connectPacket(clientId, username, password, null, null).writeTo(out);
        out.flush();
        DataInputStream in = new DataInputStream(socket.getInputStream());
        byte[] connack = new byte[4];
        in.readFully(connack);
        if (connack[0] != 0x20 || connack[3] != 0) {
            socket.close();
            throw new IOException("CONNECT refused, return code " + connack[3]);
        }
        return new RawMqttConnection(socket);
    }

    /**
     * Sends one CONNECT (clean session, with a QoS 1 Last Will when {@code willTopic} is not null),
     * reads the CONNACK and drops the TCP connection at once without a DISCONNECT, as a device whose link
     * dies right after connecting: the drop is what fires a stored Will (MQTT 3.1.1, 3.1.2.5). Returns
     * the CONNACK return code, or -1 when the server closed the connection without one.
     */
    public static int connectAndDrop(int port, String clientId, String username, String password, String willTopic,
                                     byte[] willPayload) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            connectPacket(clientId, username, password, willTopic, willPayload).writeTo(out);
            out.flush();
            DataInputStream in = new DataInputStream(socket.getInputStream());
            byte[] connack = new byte[4];
            try {
                in.readFully(connack);
            } catch (java.io.EOFException | java.net.SocketException e) {
                return -1;
            }
            socket.setSoLinger(true, 0); // a reset, as when the link dies
            return connack[0] == 0x20 ? connack[3] : -1;
        }
    }

    /**
     * Sends a CONNECT and, in the same TCP write, a SUBSCRIBE to {@code topic} at QoS 1 (packet id 1), as a
     * client that subscribes the moment it has connected; returns the SUBACK's return code for the topic
     * (0x00..0x02 granted, 0x80 refused), or -1 when the server closed the connection before a SUBACK.
     */
    public static int connectAndSubscribeAtOnce(int port, String clientId, String username, String password,
                                                String topic) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(30_000);
            ByteArrayOutputStream subscribe = new ByteArrayOutputStream();
            subscribe.write(0);
            subscribe.write(1);          // packet identifier 1
            string(subscribe, topic);
            subscribe.write(1);          // QoS 1
            ByteArrayOutputStream both = connectPacket(clientId, username, password, null, null);
            both.write(0x82);            // SUBSCRIBE, reserved flags 0010 (MQTT 3.1.1, 3.8.1)
            remainingLength(both, subscribe.size());
            subscribe.writeTo(both);
            OutputStream out = socket.getOutputStream();
            both.writeTo(out);
            out.flush();
            DataInputStream in = new DataInputStream(socket.getInputStream());
            try {
                byte[] connack = new byte[4];
                in.readFully(connack);
                if (connack[0] != 0x20 || connack[3] != 0) {
                    return -1;
                }
                byte[] suback = new byte[5];
                in.readFully(suback);
                return suback[0] == (byte) 0x90 ? suback[4] & 0xFF : -1;
            } catch (java.io.EOFException | java.net.SocketException e) {
                return -1;
            }
        }
    }

    /** Drops the TCP connection without a DISCONNECT: the broker sees a lost connection. */
    @Override
    public void close() throws IOException {
        socket.setSoLinger(true, 0); // a reset, as when the link dies
        socket.close();
    }

    /** A whole CONNECT packet (MQTT 3.1.1, clean session, keep-alive 60 s); a QoS 1 Will when {@code willTopic} is set. */
    private static ByteArrayOutputStream connectPacket(String clientId, String username, String password,
                                                       String willTopic, byte[] willPayload) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        string(body, "MQTT");
        body.write(4);            // protocol level 4: MQTT 3.1.1
        int flags = 0b0000_0010;  // clean session
        flags |= username != null ? 0b1000_0000 : 0;
        flags |= password != null ? 0b0100_0000 : 0;
        flags |= willTopic != null ? 0b0000_1100 : 0; // Will flag, Will QoS 1
        body.write(flags);
        body.write(0);
        body.write(60);           // keep-alive 60 s
        string(body, clientId);
        if (willTopic != null) {
            string(body, willTopic);
            body.write(willPayload.length >> 8);
            body.write(willPayload.length & 0xFF);
            body.writeBytes(willPayload);
        }
        if (username != null) {
            string(body, username);
        }
        if (password != null) {
            string(body, password);
        }
        ByteArrayOutputStream packet = new ByteArrayOutputStream();
        packet.write(0x10);
        remainingLength(packet, body.size());
        body.writeTo(packet);
        return packet;
    }

    private static void string(ByteArrayOutputStream out, String s) {
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        out.write(bytes.length >> 8);
        out.write(bytes.length & 0xFF);
        out.writeBytes(bytes);
    }

    private static void remainingLength(OutputStream out, int length) throws IOException {
        int value = length;
        do {
            int digit = value % 128;
            value /= 128;
            out.write(value > 0 ? digit | 0x80 : digit);
        } while (value > 0);
    }
}
