package com.vendhub.realtime.fanout.auth;

import java.util.Objects;
import java.util.UUID;

/**
 * The authenticated caller: {@code userId} is the token's {@code sub}; {@code organizationId} is
 * never null except for a {@link Role#SUPER_ADMIN} whose token names no organization.
 */
public record Principal(String userId, UUID organizationId, Role role) {

    public Principal {
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(role, "role");
        if (organizationId == null && role != Role.SUPER_ADMIN) {
            throw new IllegalArgumentException("organizationId is required unless role is super_admin");
        }
    }

    public boolean isSuperAdmin() {
        return role == Role.SUPER_ADMIN;
    }

    public boolean hasRole(Role... roles) {
        for (Role r : roles) {
            if (r == role) {
                return true;
            }
        }
        return false;
    }
}
