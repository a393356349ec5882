package com.vendhub.realtime.broker.auth;

/**
 * Device text made safe for one log line: control characters (newlines, NUL, escapes) are written as
 * {@code \\uXXXX} and anything past 64 characters is cut, so a client id or topic of 64 KiB cannot forge
 * log lines or flood the log.
 */
public final class LogText {

    /** Characters of device text kept in a log line. */
    static final int MAX_CHARS = 64;

    private LogText() {
    }

    public static String escape(String s) {
        if (s == null) {
            return "";
        }
        int end = Math.min(s.length(), MAX_CHARS);
        StringBuilder b = new StringBuilder(end + 8);
        for (int i = 0; i < end; i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0) || c == '\u2028' || c == '\u2029') {
                b.append(String.format("\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        if (s.length() > end) {
            b.append("...(").append(s.length()).append(" chars)");
        }
        return b.toString();
    }
}
