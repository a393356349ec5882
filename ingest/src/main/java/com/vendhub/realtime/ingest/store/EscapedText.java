package com.vendhub.realtime.ingest.store;

/**
 * Device text made safe for a PostgreSQL {@code text} column and for a log line: a NUL cannot be
 * stored in {@code text} at all (PostgreSQL, "Character Types": "the character with code zero cannot
 * be stored"), and control characters in a log line forge or hide lines. Every C0 control, DEL, a
 * lone surrogate are written as Java-style escapes (a backslash, {@code u} and four hex digits), so the text is printable and
 * one line; anything else, a backslash included, is kept as is (the raw bytes of a dead letter are
 * kept apart, in {@code bytea}, for whoever needs them exactly).
 */
public final class EscapedText {

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private EscapedText() {
    }

    /** {@code text} escaped; null stays null. Returns the same instance when nothing needs escaping. */
    public static String of(String text) {
        if (text == null) {
            return null;
        }
        int i = 0;
        while (i < text.length() && plain(text, i)) {
            i++;
        }
        if (i == text.length()) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length() + 16).append(text, 0, i);
        for (; i < text.length(); i++) {
            char c = text.charAt(i);
            if (plain(text, i)) {
                out.append(c);
            } else {
                out.append("\\u").append(HEX[c >> 12 & 0xf]).append(HEX[c >> 8 & 0xf]).append(HEX[c >> 4 & 0xf])
                        .append(HEX[c & 0xf]);
            }
        }
        return out.toString();
    }

    private static boolean plain(String text, int i) {
        char c = text.charAt(i);
        if (c < 0x20 || c == 0x7f) {
            return false;
        }
        if (Character.isHighSurrogate(c)) {
            return i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1));
        }
        if (Character.isLowSurrogate(c)) {
            return i > 0 && Character.isHighSurrogate(text.charAt(i - 1));
        }
        return true;
    }
}
