package io.outpost.common.systemd;

import io.netty.channel.epoll.Epoll;
import io.netty.channel.unix.DomainDatagramSocketAddress;
import io.netty.channel.unix.DomainSocketAddress;
import io.netty.channel.unix.Socket;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** systemd's side of NOTIFY_SOCKET: a real AF_UNIX datagram socket, read without blocking. */
final class NotifyReceiver implements AutoCloseable {
    private final Socket socket;
    private final List<String> received = new ArrayList<>();

    /** @param address a path, or "\0name" for an abstract socket */
    NotifyReceiver(String address) throws IOException {
        Epoll.ensureAvailability();
        socket = Socket.newSocketDomainDgram();
        socket.bind(new DomainSocketAddress(address));
    }

    /** Every datagram so far, oldest first, each as its text. */
    synchronized List<String> received() {
        ByteBuffer buffer = ByteBuffer.allocateDirect(4096);
        try {
            DomainDatagramSocketAddress from;
            while ((from = socket.recvFromDomainSocket(buffer.clear(), 0, buffer.capacity())) != null) {
                byte[] bytes = new byte[from.receivedAmount()];
                buffer.get(0, bytes);
                received.add(new String(bytes, StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return List.copyOf(received);
    }

    long count(String message) {
        return received().stream().filter(message::equals).count();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
