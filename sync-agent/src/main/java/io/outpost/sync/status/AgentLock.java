package io.outpost.sync.status;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * One forwarder per journal: {@code run} and {@code export} both take this lock, so an export can
 * never acknowledge events behind a running agent's back. The OS releases it when the process dies
 * (kill -9 included), so a stale lock cannot block a restart. The reference receiver's event store
 * takes the same kind of lock on its data directory ({@link #tryAcquire}).
 */
public final class AgentLock implements AutoCloseable {
    private final FileChannel channel;
    private final FileLock lock;

    private AgentLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /** @throws IOException naming the holder's role if another process holds it */
    public static AgentLock acquire(Path file) throws IOException {
        AgentLock lock = tryAcquire(file);
        if (lock == null) {
            throw new IOException("another outpost sync process (run or export) is using " + file.getParent()
                    + "; stop it first (e.g. systemctl stop outpost-sync)");
        }
        return lock;
    }

    /** Takes the lock file (created if missing), or answers null if another process holds it. */
    public static AgentLock tryAcquire(Path file) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = ch.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null;
        }
        if (lock == null) {
            ch.close();
            return null;
        }
        return new AgentLock(ch, lock);
    }

    /** True if some process holds the lock now (without taking it for long). */
    public static boolean held(Path file) {
        if (!Files.exists(file)) {
            return false;
        }
        try (AgentLock ignored = acquire(file)) {
            return false;
        } catch (IOException e) {
            return true;
        }
    }

    @Override
    public void close() throws IOException {
        if (lock.isValid()) {
            lock.release();
        }
        channel.close();
    }
}
