package com.vendhub.realtime.schema.text;

/**
 * Makes untrusted text (client ids, topics, room and event names, payload snippets, user names)
 * safe to put in a log line: one log event stays one line, and nothing the sender wrote can look
 * like another log line or end the text early for a log shipper.
 *
 * <p>Escaped: the C0 controls (U+0000..U+001F, so CR, LF, TAB and NUL), DEL, the C1 controls
 * (U+0080..U+009F, which some terminals read as escape sequences), the Unicode line and paragraph
 * separators U+2028/U+2029 (line breaks for JSON-reading log tools), lone surrogates, and the
 * backslash itself, so that an escaped text can always be told apart from a sender who typed
 * {@code \n}. Common controls get their C escape ({@code \n}, {@code \r}, {@code \t}, {@code \0}),
 * the rest {@code \}{@code uXXXX}. Text longer than a bound is cut and says how much was cut, so a
 * 64 KiB client id cannot fill the log.
 */
public final class LogText {

    /** The default bound, in characters of the original text, of {@link #escape(CharSequence)}. */
    public static final int DEFAULT_MAX_CHARS = 200;

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private LogText() {
    }

    /** {@link #escape(CharSequence, int)} with {@link #DEFAULT_MAX_CHARS}. */
    public static String escape(CharSequence text) {
        return escape(text, DEFAULT_MAX_CHARS);
    }

    /**
     * The text with every control character escaped, cut after {@code maxChars} characters of the
     * original (followed by {@code …(+N chars)}); {@code "null"} for null.
     */
    public static String escape(CharSequence text, int maxChars) {
        if (text == null) {
            return "null";
        }
        if (maxChars < 0) {
            throw new IllegalArgumentException("maxChars must be >= 0: " + maxChars);
        }
        int length = text.length();
        int shown = Math.min(length, maxChars);
        if (shown == length && isClean(text)) {
            return text.toString();
        }
        StringBuilder out = new StringBuilder(shown + 16);
        for (int i = 0; i < shown; i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < length && Character.isLowSurrogate(text.charAt(i + 1))) {
                if (i + 1 < shown) {
                    out.append(c).append(text.charAt(i + 1));
                    i++;
                } else {
                    // The cut falls inside a pair: do not leave half of it behind.
                    shown = i;
                }
                continue;
            }
            appendEscaped(out, c);
        }
        if (shown < length) {
            out.append("…(+").append(length - shown).append(" chars)");
        }
        return out.toString();
    }

    private static boolean isClean(CharSequence text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (needsEscape(c)) {
                return false;
            }
        }
        return true;
    }

    private static boolean needsEscape(char c) {
        return c < 0x20 || c == '\\' || (c >= 0x7f && c <= 0x9f) || c == '\u2028' || c == '\u2029'
                || Character.isSurrogate(c);
    }

    private static void appendEscaped(StringBuilder out, char c) {
        if (Character.isSurrogate(c)) {
            // Reached only for a lone surrogate: a pair is copied whole by the caller.
            appendUnicode(out, c);
            return;
        }
        if (!needsEscape(c)) {
            out.append(c);
            return;
        }
        switch (c) {
            case '\n' -> out.append("\\n");
            case '\r' -> out.append("\\r");
            case '\t' -> out.append("\\t");
            case '\0' -> out.append("\\0");
            case '\\' -> out.append("\\\\");
            default -> appendUnicode(out, c);
        }
    }

    private static void appendUnicode(StringBuilder out, char c) {
        out.append("\\u").append(HEX[(c >> 12) & 0xf]).append(HEX[(c >> 8) & 0xf])
                .append(HEX[(c >> 4) & 0xf]).append(HEX[c & 0xf]);
    }
}
