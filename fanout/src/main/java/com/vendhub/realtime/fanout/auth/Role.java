package com.vendhub.realtime.fanout.auth;

import java.util.Locale;

/** The contract's roles; any role string not listed here has a plain {@link #USER}'s rights. */
public enum Role {
    SUPER_ADMIN("super_admin"),
    ADMIN("admin"),
    MANAGER("manager"),
    OPERATOR("operator"),
    VIEWER("viewer"),
    SERVICE("service"),
    /** Any other (or missing) role claim. */
    USER("user");

    private final String claim;

    Role(String claim) {
        this.claim = claim;
    }

    /** The claim value as the VendHub backend writes it, e.g. {@code super_admin}. */
    public String claim() {
        return claim;
    }

    /** Maps a {@code role} claim; unknown, blank or missing values map to {@link #USER}. */
    public static Role fromClaim(String claim) {
        if (claim == null) {
            return USER;
        }
        String normalized = claim.trim().toLowerCase(Locale.ROOT);
        for (Role role : values()) {
            if (role != USER && role.claim.equals(normalized)) {
                return role;
            }
        }
        return USER;
    }
}
