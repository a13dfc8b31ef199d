package io.outpost.common.systemd;

import io.netty.channel.epoll.Epoll;
import io.netty.channel.unix.Socket;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The datagram socket to systemd's {@code NOTIFY_SOCKET}. Java 17 has no AF_UNIX datagrams, so this
 * uses the socket calls of Netty's native epoll library (already loaded by the gateway; a few
 * hundred KiB shared with it in the sync agent). Loaded only when {@code NOTIFY_SOCKET} is set.
 */
final class NotifySocket implements AutoCloseable {
    private final Socket socket;
    private final byte[] address;

    private NotifySocket(Socket socket, byte[] address) {
        this.socket = socket;
        this.address = address;
    }

    /** @param notifySocket a path, or an abstract socket's name written with a leading '@' */
    static NotifySocket open(String notifySocket) throws IOException {
        try {
            Epoll.ensureAvailability();
        } catch (Throwable e) { // UnsatisfiedLinkError inside an Error: say why, do not bring the process down
            throw new IOException("Netty's native epoll library is unavailable: " + e.getMessage(), e);
        }
        // The kernel takes an abstract name as a leading NUL byte and exactly the name's length.
        String name = notifySocket.startsWith("@") ? "\0" + notifySocket.substring(1) : notifySocket;
        return new NotifySocket(Socket.newSocketDomainDgram(), name.getBytes(StandardCharsets.UTF_8));
    }

    synchronized void send(String message) throws IOException {
        byte[] bytes = message.getBytes(StandardCharsets.UTF_8);
        ByteBuffer buffer = ByteBuffer.allocateDirect(bytes.length).put(bytes).flip();
        socket.sendToDomainSocket(buffer, 0, bytes.length, address);
    }

    @Override
    public synchronized void close() throws IOException {
        socket.close();
    }
}
