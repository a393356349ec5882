package com.vendhub.realtime.sim.cli;

/** A credentials file that cannot be used; the message names the file and, for a bad line, its number. */
public final class CredentialsFileException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public CredentialsFileException(String message) {
        super(message);
    }

    public CredentialsFileException(String message, Throwable cause) {
        super(message, cause);
    }
}
