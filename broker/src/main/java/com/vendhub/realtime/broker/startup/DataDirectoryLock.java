package com.vendhub.realtime.broker.startup;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The data directory held by one process: an OS lock on {@code vendhub.lock} in it, which holds the holder's pid,
 * taken before the embedded database, the spool or the JWT secret are touched. The OS releases it when the process
 * ends, also on {@code kill -9}, so a stale file never blocks a restart.
 */
public final class DataDirectoryLock implements AutoCloseable {

    static final String FILE = "vendhub.lock";

    private final FileChannel channel;
    private final FileLock lock;

    private DataDirectoryLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /** Locks {@code directory} (created if missing) or throws a {@link StartupFailure.Cause#DATA_DIRECTORY} failure. */
    public static DataDirectoryLock acquire(Path directory) {
        Path file = directory.resolve(FILE);
        FileChannel channel;
        try {
            Files.createDirectories(directory);
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new StartupFailure(StartupFailure.Cause.DATA_DIRECTORY, "--data-dir " + directory
                    + " cannot be written (" + e + "): choose a writable directory with "
                    + StartupFailure.option("--data-dir"), e);
        }
        try {
            FileLock lock = channel.tryLock();
            if (lock == null) {
                throw inUse(directory, holder(channel), null);
            }
            channel.truncate(0);
            channel.write(ByteBuffer.wrap(Long.toString(ProcessHandle.current().pid()).getBytes(StandardCharsets.US_ASCII)));
            channel.force(false);
            return new DataDirectoryLock(channel, lock);
        } catch (OverlappingFileLockException e) {
            closeQuietly(channel);
            throw inUse(directory, Long.toString(ProcessHandle.current().pid()), e);
        } catch (IOException e) {
            closeQuietly(channel);
            throw new StartupFailure(StartupFailure.Cause.DATA_DIRECTORY, "--data-dir " + directory
                    + " cannot be locked (" + e + "): choose a directory on a local file system with "
                    + StartupFailure.option("--data-dir"), e);
        } catch (StartupFailure e) {
            closeQuietly(channel);
            throw e;
        }
    }

    private static StartupFailure inUse(Path directory, String pid, Throwable underlying) {
        return new StartupFailure(StartupFailure.Cause.DATA_DIRECTORY, "--data-dir " + directory
                + " is in use by another vendhub process (pid " + pid + "): stop it, or give this one another "
                + StartupFailure.option("--data-dir"), underlying);
    }

    /** The pid the holder wrote, or {@code ?} while it has not yet. */
    private static String holder(FileChannel channel) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(32);
        channel.read(buffer, 0);
        String pid = new String(buffer.array(), 0, buffer.position(), StandardCharsets.US_ASCII).trim();
        return pid.isEmpty() ? "?" : pid;
    }

    private static void closeQuietly(FileChannel channel) {
        try {
            channel.close();
        } catch (IOException e) {
            // Already failing: the lock's own failure is the one to report.
        }
    }

    /** Releases the lock; the file stays, empty of meaning until the next holder writes its pid. */
    @Override
    public void close() throws IOException {
        lock.release();
        channel.close();
    }
}
