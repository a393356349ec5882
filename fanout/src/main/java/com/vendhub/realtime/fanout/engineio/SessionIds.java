package com.vendhub.realtime.fanout.engineio;

import java.security.SecureRandom;
import java.util.Base64;

/** Unguessable session and socket ids: 120 random bits, URL-safe base64 (20 chars), like the reference base64id. */
public final class SessionIds {

    private final SecureRandom random = new SecureRandom();

    public String next() {
        byte[] bytes = new byte[15];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
