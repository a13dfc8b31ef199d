package io.outpost.gateway.throttling.counting;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * The counter snapshot's bytes: magic, version, time written, then per policy its name, limit,
 * window and (key, window, used) triples, and last a CRC32C of everything before it. The checksum
 * comes first when reading, so a torn or bit-flipped file is refused before any of it is believed.
 */
final class SnapshotFormat {
    static final int MAGIC = 0x4F505443; // "OPTC": Outpost throttle counters
    static final int VERSION = 1;
    private static final int HEADER = 4 + 4 + 8 + 4;

    /** One policy's counts as the file keeps them. */
    record PolicyCounts(String name, WindowLimit limit, List<KeyCount> counts) {}

    /** Why a file was not read; the message says what was wrong with it. */
    @SuppressWarnings("serial") // never serialised
    static final class FormatException extends Exception {
        FormatException(String message) {
            super(message);
        }
    }

    private SnapshotFormat() {}

    static byte[] encode(long writtenAtMillis, List<PolicyCounts> policies) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(MAGIC);
            out.writeInt(VERSION);
            out.writeLong(writtenAtMillis);
            out.writeInt(policies.size());
            for (PolicyCounts p : policies) {
                out.writeUTF(p.name());
                out.writeLong(p.limit().limit());
                out.writeLong(p.limit().windowMillis());
                out.writeInt(p.counts().size());
                for (KeyCount c : p.counts()) {
                    out.writeUTF(c.key());
                    out.writeLong(c.window());
                    out.writeLong(c.used());
                }
            }
            CRC32C crc = new CRC32C();
            crc.update(bytes.toByteArray());
            out.writeInt((int) crc.getValue());
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a ByteArrayOutputStream does not fail
        }
        return bytes.toByteArray();
    }

    static List<PolicyCounts> decode(byte[] file) throws FormatException {
        if (file.length < HEADER + 4) {
            throw new FormatException("truncated: " + file.length + " bytes, shorter than any snapshot");
        }
        CRC32C crc = new CRC32C();
        crc.update(file, 0, file.length - 4);
        if ((int) crc.getValue() != ByteBuffer.wrap(file, file.length - 4, 4).getInt()) {
            throw new FormatException("checksum (CRC32C) does not match: the file is corrupt or was cut short");
        }
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(file, 0, file.length - 4));
        try {
            if (in.readInt() != MAGIC) {
                throw new FormatException("not a throttle counter snapshot (wrong magic number)");
            }
            int version = in.readInt();
            if (version != VERSION) {
                throw new FormatException("format version " + version + "; this gateway reads version " + VERSION);
            }
            in.readLong(); // written at: for people reading the file, not needed to restore
            int policies = count(in);
            List<PolicyCounts> out = new ArrayList<>();
            for (int i = 0; i < policies; i++) {
                String name = in.readUTF();
                WindowLimit limit = new WindowLimit(in.readLong(), in.readLong());
                int keys = count(in);
                List<KeyCount> counts = new ArrayList<>();
                for (int k = 0; k < keys; k++) {
                    counts.add(new KeyCount(in.readUTF(), in.readLong(), in.readLong()));
                }
                out.add(new PolicyCounts(name, limit, counts));
            }
            if (in.available() > 0) {
                throw new FormatException(in.available() + " bytes left over after the last policy");
            }
            return out;
        } catch (EOFException e) {
            throw new FormatException("truncated: ends inside a record");
        } catch (IOException | IllegalArgumentException e) {
            throw new FormatException("unreadable: " + e.getMessage());
        }
    }

    private static int count(DataInputStream in) throws IOException, FormatException {
        int n = in.readInt();
        if (n < 0 || n > in.available()) {
            throw new FormatException("a count of " + n + " entries does not fit the file");
        }
        return n;
    }
}
