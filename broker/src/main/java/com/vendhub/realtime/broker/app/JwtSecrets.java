package com.vendhub.realtime.broker.app;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HS256 secret: {@code JWT_ACCESS_SECRET} when given (shared with the VendHub backend that issues
 * the tokens); otherwise one generated once and kept in the data directory, so that a zero-set-up
 * start works and tokens survive a restart.
 *
 * <p>The generated file is owner-only from the moment it exists (docs/security.md, "Logs, secrets and
 * stored text"): the secret is written to a
 * temporary file created with {@code rw-------} as its creation mode ({@code open(2)}'s mode, which the
 * umask can only narrow), forced to disk, and then hard-linked to its name, which fails rather than
 * replaces when anything, a symbolic link included, is already there. So nobody can read it between
 * creation and a later {@code chmod}, a half-written secret is never visible, a planted link cannot
 * send it elsewhere, and two processes starting at once end up with the same secret.
 */
public final class JwtSecrets {

    private static final Logger LOG = LoggerFactory.getLogger(JwtSecrets.class);
    static final String FILE_NAME = "jwt-secret";
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    private JwtSecrets() {
    }

    public static String resolve(String configured, Path dataDirectory) throws IOException {
        if (configured != null && !configured.isEmpty()) {
            return configured;
        }
        Path file = dataDirectory.resolve(FILE_NAME);
        if (Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
            return readExisting(file);
        }
        byte[] bytes = new byte[48];
        new SecureRandom().nextBytes(bytes);
        String secret = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        Files.createDirectories(dataDirectory);
        boolean posix = Files.getFileStore(dataDirectory).supportsFileAttributeView("posix");
        FileAttribute<?>[] ownerOnly = posix
                ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(OWNER_ONLY)}
                : new FileAttribute<?>[0]; // not POSIX: the directory's own permissions (ACLs) apply
        Path temporary = Files.createTempFile(dataDirectory, "." + FILE_NAME + "-", ".tmp", ownerOnly);
        try {
            try (FileChannel out = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
                out.write(ByteBuffer.wrap(secret.getBytes(StandardCharsets.UTF_8)));
                out.force(true);
            }
            try {
                Files.createLink(file, temporary);
            } catch (FileAlreadyExistsException raced) {
                return readExisting(file); // another process won: use its secret
            } catch (UnsupportedOperationException noHardLinks) {
                Files.move(temporary, file); // no replace: fails when the name is taken
            }
        } finally {
            Files.deleteIfExists(temporary);
        }
        LOG.warn("JWT_ACCESS_SECRET is not set: generated one in {} (tokens from the VendHub backend will not "
                + "verify until JWT_ACCESS_SECRET is set to the backend's secret)", file);
        return secret;
    }

    private static String readExisting(Path file) throws IOException {
        if (Files.isSymbolicLink(file)) {
            // Generated secrets are plain files: a link is not ours, and reading through it could hand us a secret
            // someone else chose (or, for a dangling one, make us write ours where they can read it).
            throw new IOException(file + " is a symbolic link, not the generated secret file: remove it or set "
                    + "JWT_ACCESS_SECRET");
        }
        if (Files.getFileStore(file).supportsFileAttributeView("posix")) {
            Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file, LinkOption.NOFOLLOW_LINKS);
            if (!OWNER_ONLY.containsAll(perms)) {
                LOG.warn("{} is readable by others ({}): it holds the JWT secret; chmod 600 it",
                        file, PosixFilePermissions.toString(perms));
            }
        }
        return Files.readString(file, StandardCharsets.UTF_8).trim();
    }
}
