package com.vendhub.realtime.sim.cli;

import com.vendhub.realtime.sim.fleet.DeviceCredentials;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * Reads machine credentials, one {@code machineId,token} per line. Blank lines and lines starting
 * with {@code #} are skipped, as is a {@code machineId,token} header; anything else that is not a
 * canonical UUID, a comma and a non-empty token is an error naming the line.
 */
public final class CredentialsFile {

    private static final String HEADER = "machineid,token";
    /** The canonical text form of a UUID; shorter forms parse in Java but name no machine on the wire. */
    private static final int UUID_LENGTH = 36;

    private CredentialsFile() {
    }

    public static List<DeviceCredentials> read(Path file) {
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return parse(reader, file.toString());
        } catch (IOException e) {
            throw new CredentialsFileException("cannot read credentials file " + file + ": " + e.getMessage(), e);
        }
    }

    /** Parses from any reader; {@code source} names it in error messages. */
    public static List<DeviceCredentials> parse(Reader reader, String source) throws IOException {
        BufferedReader lines = reader instanceof BufferedReader b ? b : new BufferedReader(reader);
        List<DeviceCredentials> out = new ArrayList<>();
        Map<UUID, Integer> firstLine = new HashMap<>();
        boolean seenContent = false;
        int number = 0;
        for (String line = lines.readLine(); line != null; line = lines.readLine()) {
            number++;
            if (number == 1 && line.startsWith("\uFEFF")) {
                line = line.substring(1); // a byte-order mark, as spreadsheet exports write
            }
            String text = line.strip();
            if (text.isEmpty() || text.startsWith("#")) {
                continue;
            }
            if (!seenContent && text.replace(" ", "").toLowerCase(Locale.ROOT).equals(HEADER)) {
                seenContent = true;
                continue;
            }
            seenContent = true;
            DeviceCredentials device = parseLine(text, source, number);
            Integer earlier = firstLine.putIfAbsent(device.machineId(), number);
            if (earlier != null) {
                throw bad(source, number, "machine " + device.machineId() + " is already listed on line " + earlier);
            }
            out.add(device);
        }
        return List.copyOf(out);
    }

    private static DeviceCredentials parseLine(String text, String source, int number) {
        String[] fields = text.split(",", -1);
        if (fields.length != 2) {
            throw bad(source, number, "expected 'machineId,token' but found " + fields.length + " field"
                    + (fields.length == 1 ? "" : "s"));
        }
        String id = fields[0].strip();
        String token = fields[1].strip();
        UUID machineId;
        try {
            if (id.length() != UUID_LENGTH) {
                throw new IllegalArgumentException();
            }
            machineId = UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw bad(source, number, "'" + abbreviate(id) + "' is not a machine id (a UUID such as "
                    + "123e4567-e89b-12d3-a456-426614174000)");
        }
        if (token.isEmpty()) {
            throw bad(source, number, "the token of machine " + machineId + " is empty");
        }
        return new DeviceCredentials(machineId, token);
    }

    private static CredentialsFileException bad(String source, int number, String what) {
        return new CredentialsFileException(source + ", line " + number + ": " + what);
    }

    private static String abbreviate(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "...";
    }
}
