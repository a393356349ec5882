package com.vendhub.realtime.schema.text;

/**
 * Device text made safe to store in a PostgreSQL {@code text} column: a NUL cannot be stored in
 * {@code text} at all (PostgreSQL, "Character Types": "the character with code zero cannot be stored"),
 * and a control character or a lone surrogate in a stored detail reaches every reader of it. C0 controls,
 * DEL, C1 controls and lone surrogates are written as Java-style escapes (a backslash, {@code u} and four
 * hex digits); anything else, a backslash included, is kept, and nothing is cut (for a log line, where
 * length matters and a backslash must be told apart, use {@link LogText}). One home for validation details,
 * dead letters and the database's refusal messages.
 */
public final class StoredText {

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private StoredText() {
    }

    /** {@code text} escaped; null stays null. Returns the same instance when nothing needs escaping. */
    public static String escape(String text) {
        if (text == null) {
            return null;
        }
        int i = 0;
        while (i < text.length() && !unsafe(text, i)) {
            i++;
        }
        if (i == text.length()) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length() + 16).append(text, 0, i);
        for (; i < text.length(); i++) {
            char c = text.charAt(i);
            if (unsafe(text, i)) {
                out.append("\\u").append(HEX[c >> 12 & 0xf]).append(HEX[c >> 8 & 0xf]).append(HEX[c >> 4 & 0xf])
                        .append(HEX[c & 0xf]);
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    /** True when the character at {@code i} is one {@link #escape} writes as an escape. */
    public static boolean unsafe(CharSequence text, int i) {
        char c = text.charAt(i);
        if (c < 0x20 || (c >= 0x7f && c <= 0x9f)) {
            return true;
        }
        if (Character.isHighSurrogate(c)) {
            return !(i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1)));
        }
        if (Character.isLowSurrogate(c)) {
            return !(i > 0 && Character.isHighSurrogate(text.charAt(i - 1)));
        }
        return false;
    }
}
