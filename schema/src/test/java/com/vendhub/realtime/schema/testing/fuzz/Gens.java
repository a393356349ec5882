package com.vendhub.realtime.schema.testing.fuzz;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** Generators and mutators for fuzzing decoders: edge-biased numbers, hostile text, byte-level damage. */
public final class Gens {

    /** Characters a decoder mishandles most often: separators, quotes, escapes, controls, surrogates. */
    private static final char[] NASTY = {
        '\0', '\u0001', '\u001e', '\u001f', '\t', '\n', '\r', ' ', '"', '\'', '\\', '/', ',', ':', '[', ']', '{',
        '}', '0', '1', '9', '-', '+', '.', 'e', 'E', 'b', '\u007f', '\u0080', '\u00ff', '\u2028', '\ufeff',
        '\ufffd', '\ud800', '\udc00', '\uffff',
    };

    private Gens() {
    }

    /** An int in {@code [min, max]}, a third of the time one of the two ends or a value next to them. */
    public static int intBetween(SplittableRandom r, int min, int max) {
        if (min == max) {
            return min;
        }
        return switch (r.nextInt(6)) {
            case 0 -> min;
            case 1 -> max;
            default -> (int) (min + (long) (r.nextDouble() * ((long) max - min + 1)));
        };
    }

    /** A length in {@code [0, max]}, biased to short ones (most bugs need few bytes). */
    public static int length(SplittableRandom r, int max) {
        int bound = switch (r.nextInt(4)) {
            case 0 -> Math.min(max, 8);
            case 1, 2 -> Math.min(max, 64);
            default -> max;
        };
        return r.nextInt(bound + 1);
    }

    public static byte[] bytes(SplittableRandom r, int maxLength) {
        byte[] b = new byte[length(r, maxLength)];
        r.nextBytes(b);
        return b;
    }

    /** Text mixing ASCII, the {@link #NASTY} characters and random UTF-16 units (lone surrogates included). */
    public static String text(SplittableRandom r, int maxLength) {
        int n = length(r, maxLength);
        StringBuilder s = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            s.append(switch (r.nextInt(4)) {
                case 0 -> NASTY[r.nextInt(NASTY.length)];
                case 1 -> (char) r.nextInt(0x10000);
                default -> (char) (0x20 + r.nextInt(0x5f));
            });
        }
        return s.toString();
    }

    /** Printable ASCII letters and digits, for names and ids. */
    public static String word(SplittableRandom r, int minLength, int maxLength) {
        String alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789:_-.";
        int n = minLength + r.nextInt(maxLength - minLength + 1);
        StringBuilder s = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            s.append(alphabet.charAt(r.nextInt(alphabet.length())));
        }
        return s.toString();
    }

    @SafeVarargs
    public static <T> T pick(SplittableRandom r, T... choices) {
        return choices[r.nextInt(choices.length)];
    }

    /**
     * Damages {@code text} a few times: truncation, deletion, insertion of hostile characters,
     * duplication of a slice, replacement, or a slice repeated many times (nesting, oversize).
     */
    public static String mutate(SplittableRandom r, String text) {
        StringBuilder s = new StringBuilder(text);
        int rounds = 1 + r.nextInt(3);
        for (int k = 0; k < rounds; k++) {
            int at = s.length() == 0 ? 0 : r.nextInt(s.length() + 1);
            switch (r.nextInt(7)) {
                case 0 -> s.setLength(at);
                case 1 -> s.delete(at, Math.min(s.length(), at + 1 + r.nextInt(4)));
                case 2 -> s.insert(at, NASTY[r.nextInt(NASTY.length)]);
                case 3 -> s.insert(at, text(r, 6));
                case 4 -> {
                    int end = Math.min(s.length(), at + 1 + r.nextInt(8));
                    s.insert(at, s.substring(at, end));
                }
                case 5 -> {
                    if (at < s.length()) {
                        s.setCharAt(at, NASTY[r.nextInt(NASTY.length)]);
                    }
                }
                default -> {
                    int end = Math.min(s.length(), at + 1 + r.nextInt(3));
                    String slice = s.substring(at, end);
                    s.insert(at, slice.repeat(1 + r.nextInt(64)));
                }
            }
        }
        return s.toString();
    }

    /** Damages {@code bytes}: bit flips, truncation, zeroed or random ranges, insertions, junk at the end. */
    public static byte[] mutate(SplittableRandom r, byte[] bytes) {
        List<Byte> b = new ArrayList<>(bytes.length + 16);
        for (byte x : bytes) {
            b.add(x);
        }
        int rounds = 1 + r.nextInt(3);
        for (int k = 0; k < rounds; k++) {
            int at = b.isEmpty() ? 0 : r.nextInt(b.size() + 1);
            switch (r.nextInt(6)) {
                case 0 -> {
                    if (at < b.size()) {
                        b.set(at, (byte) (b.get(at) ^ (1 << r.nextInt(8))));
                    }
                }
                case 1 -> b.subList(at, b.size()).clear();
                case 2 -> {
                    for (int i = at; i < Math.min(b.size(), at + 1 + r.nextInt(8)); i++) {
                        b.set(i, (byte) 0);
                    }
                }
                case 3 -> b.add(at, (byte) r.nextInt(256));
                case 4 -> b.subList(at, Math.min(b.size(), at + 1 + r.nextInt(4))).clear();
                default -> {
                    for (byte x : bytes(r, 16)) {
                        b.add(x);
                    }
                }
            }
        }
        byte[] out = new byte[b.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = b.get(i);
        }
        return out;
    }

    /** A readable rendering of an input for a failure message: Java escapes, at most {@code max} chars. */
    public static String describe(Object value) {
        String text;
        if (value instanceof byte[] b) {
            StringBuilder hex = new StringBuilder("bytes[" + b.length + "] ");
            for (int i = 0; i < Math.min(b.length, 512); i++) {
                hex.append(String.format("%02x", b[i]));
            }
            text = hex + " = " + escape(new String(b, StandardCharsets.UTF_8));
        } else if (value instanceof CharSequence s) {
            text = "\"" + escape(s.toString()) + "\"";
        } else {
            text = escape(String.valueOf(value));
        }
        return text.length() > 4000 ? text.substring(0, 4000) + "..." : text;
    }

    private static String escape(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' || c == '"') {
                out.append('\\').append(c);
            } else if (c >= 0x20 && c < 0x7f) {
                out.append(c);
            } else {
                out.append(String.format("\\u%04x", (int) c));
            }
        }
        return out.toString();
    }
}
