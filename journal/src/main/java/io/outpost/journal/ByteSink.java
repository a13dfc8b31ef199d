package io.outpost.journal;

import java.util.Arrays;

/** A growable byte array the appender thread reuses for every record, so encoding allocates nothing. */
final class ByteSink {
    private byte[] buf;
    private int size;

    ByteSink(int initialCapacity) {
        buf = new byte[initialCapacity];
    }

    void reset() {
        size = 0;
    }

    int size() {
        return size;
    }

    byte[] array() {
        return buf;
    }

    byte[] toByteArray() {
        return Arrays.copyOf(buf, size);
    }

    void writeByte(int b) {
        ensure(1);
        buf[size++] = (byte) b;
    }

    void writeBytes(byte[] src, int off, int len) {
        ensure(len);
        System.arraycopy(src, off, buf, size, len);
        size += len;
    }

    /** Unsigned LEB128, as protobuf. */
    void writeVarint(long v) {
        ensure(10);
        while ((v & ~0x7FL) != 0) {
            buf[size++] = (byte) ((v & 0x7F) | 0x80);
            v >>>= 7;
        }
        buf[size++] = (byte) v;
    }

    void writeLongBigEndian(long v) {
        ensure(8);
        for (int shift = 56; shift >= 0; shift -= 8) {
            buf[size++] = (byte) (v >>> shift);
        }
    }

    /** Writes a varint length then the UTF-8 bytes, cut at maxBytes on a character boundary. */
    void writeUtf8(String s, int maxBytes) {
        int len = s.length();
        boolean ascii = len <= maxBytes;
        for (int i = 0; ascii && i < len; i++) {
            ascii = s.charAt(i) < 0x80;
        }
        if (ascii) { // the common case: no intermediate array
            writeVarint(len);
            ensure(len);
            for (int i = 0; i < len; i++) {
                buf[size++] = (byte) s.charAt(i);
            }
            return;
        }
        byte[] utf8 = s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        int n = Math.min(utf8.length, maxBytes);
        while (n < utf8.length && n > 0 && (utf8[n] & 0xC0) == 0x80) {
            n--; // never split a multi-byte character
        }
        writeVarint(n);
        writeBytes(utf8, 0, n);
    }

    private void ensure(int more) {
        if (size + more > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, size + more));
        }
    }
}
