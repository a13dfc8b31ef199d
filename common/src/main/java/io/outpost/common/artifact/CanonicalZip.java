package io.outpost.common.artifact;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;

/**
 * The one byte layout an Outpost artifact may have: a plain zip of STORED entries with fixed
 * timestamps, permissions and flags, no extra fields, no comments, no data descriptors, no zip64.
 *
 * <p>Because the layout is a pure function of the entry names and contents, a reader can prove that
 * a file holds nothing but its entries by encoding them again and comparing every byte. That single
 * check covers every region an attacker could touch: local headers, gaps between entries, extra
 * fields, the central directory and the end record.
 */
public final class CanonicalZip {
    private static final int LOCAL_SIG = 0x04034b50;
    private static final int CENTRAL_SIG = 0x02014b50;
    private static final int END_SIG = 0x06054b50;
    private static final int VERSION = 20;
    private static final int VERSION_MADE_BY = (3 << 8) | VERSION; // Unix
    private static final int FLAG_UTF8 = 0x0800;
    private static final int DOS_TIME = 0;
    private static final int DOS_DATE = (1 << 5) | 1; // 1980-01-01
    private static final int EXTERNAL_ATTRS = 0100644 << 16; // regular file, rw-r--r--
    private static final int MAX_ENTRIES = 65_535;

    /** One zip entry; {@code data} is a read-only view and is never copied. */
    public record Entry(String name, ByteBuffer data) {
        public static Entry of(String name, byte[] data) {
            return new Entry(name, ByteBuffer.wrap(data).asReadOnlyBuffer());
        }

        public byte[] bytes() {
            ByteBuffer d = data.duplicate();
            byte[] out = new byte[d.remaining()];
            d.get(out);
            return out;
        }
    }

    private CanonicalZip() {}

    public static byte[] encode(List<Entry> entries) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            encode(entries, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    public static void encode(List<Entry> entries, OutputStream out) throws IOException {
        if (entries.size() > MAX_ENTRIES) {
            throw new IllegalArgumentException("too many entries: " + entries.size());
        }
        long offset = 0;
        List<long[]> locals = new ArrayList<>(entries.size()); // {offset, crc}
        for (Entry e : entries) {
            byte[] name = e.name().getBytes(StandardCharsets.UTF_8);
            ByteBuffer data = e.data().duplicate();
            int size = data.remaining();
            long crc = crc(data.duplicate());
            ByteBuffer h = header(30 + name.length);
            h.putInt(LOCAL_SIG).putShort((short) VERSION).putShort((short) FLAG_UTF8).putShort((short) 0)
                    .putShort((short) DOS_TIME).putShort((short) DOS_DATE).putInt((int) crc)
                    .putInt(size).putInt(size).putShort((short) name.length).putShort((short) 0).put(name);
            out.write(h.array());
            writeBuffer(data, out);
            locals.add(new long[] {offset, crc});
            offset += 30L + name.length + size;
            checkOffset(offset);
        }
        long centralStart = offset;
        for (int i = 0; i < entries.size(); i++) {
            Entry e = entries.get(i);
            byte[] name = e.name().getBytes(StandardCharsets.UTF_8);
            int size = e.data().remaining();
            ByteBuffer h = header(46 + name.length);
            h.putInt(CENTRAL_SIG).putShort((short) VERSION_MADE_BY).putShort((short) VERSION)
                    .putShort((short) FLAG_UTF8).putShort((short) 0).putShort((short) DOS_TIME)
                    .putShort((short) DOS_DATE).putInt((int) locals.get(i)[1]).putInt(size).putInt(size)
                    .putShort((short) name.length).putShort((short) 0).putShort((short) 0).putShort((short) 0)
                    .putShort((short) 0).putInt(EXTERNAL_ATTRS).putInt((int) locals.get(i)[0]).put(name);
            out.write(h.array());
            offset += 46L + name.length;
            checkOffset(offset);
        }
        ByteBuffer end = header(22);
        end.putInt(END_SIG).putShort((short) 0).putShort((short) 0).putShort((short) entries.size())
                .putShort((short) entries.size()).putInt((int) (offset - centralStart)).putInt((int) centralStart)
                .putShort((short) 0);
        out.write(end.array());
    }

    /**
     * Reads the entries of a file in this layout. Structure is checked only as far as needed to find
     * the entries; call {@link #requireCanonical} to prove the file holds nothing else.
     */
    public static List<Entry> decode(ByteBuffer file) throws ArtifactException {
        ByteBuffer in = file.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        List<Entry> entries = new ArrayList<>();
        int pos = 0;
        int limit = in.limit();
        while (limit - pos >= 4 && in.getInt(pos) == LOCAL_SIG) {
            if (limit - pos < 30) {
                throw new ArtifactException("malformed zip: truncated local header at byte " + pos);
            }
            int method = Short.toUnsignedInt(in.getShort(pos + 8));
            long compressed = Integer.toUnsignedLong(in.getInt(pos + 18));
            long size = Integer.toUnsignedLong(in.getInt(pos + 22));
            int nameLength = Short.toUnsignedInt(in.getShort(pos + 26));
            int extraLength = Short.toUnsignedInt(in.getShort(pos + 28));
            if (method != 0 || compressed != size) {
                throw new ArtifactException("non-canonical zip: entry at byte " + pos + " is compressed");
            }
            long dataStart = (long) pos + 30 + nameLength + extraLength;
            if (dataStart + size > limit) {
                throw new ArtifactException("malformed zip: entry at byte " + pos + " runs past the end of the file");
            }
            String name = utf8(in, pos + 30, nameLength, pos);
            ByteBuffer data = in.duplicate().position((int) dataStart).limit((int) (dataStart + size)).slice()
                    .asReadOnlyBuffer();
            entries.add(new Entry(name, data));
            pos = (int) (dataStart + size);
        }
        if (entries.isEmpty()) {
            throw new ArtifactException("not an Outpost artifact: no zip entry at the start of the file");
        }
        return entries;
    }

    /**
     * Throws unless {@code file} is byte for byte the canonical encoding of {@code entries}, naming the
     * region where it first differs.
     */
    public static void requireCanonical(ByteBuffer file, List<Entry> entries) throws ArtifactException {
        ByteBuffer expected = ByteBuffer.wrap(encode(entries));
        ByteBuffer actual = file.duplicate();
        int mismatch = expected.mismatch(actual);
        if (mismatch == -1) {
            return;
        }
        long dataEnd = 0;
        for (Entry e : entries) {
            dataEnd += 30 + e.name().getBytes(StandardCharsets.UTF_8).length + e.data().remaining();
        }
        String region;
        if (mismatch >= expected.limit()) {
            region = "trailing bytes after the end of the zip";
        } else if (mismatch >= actual.limit()) {
            region = "the file ends early";
        } else if (mismatch < dataEnd) {
            region = "a local file header or extra field";
        } else if (mismatch < expected.limit() - 22) {
            region = "the central directory";
        } else {
            region = "the end-of-central-directory record";
        }
        throw new ArtifactException("non-canonical or altered zip at byte " + mismatch + " (" + region
                + "); rebuild the artifact with 'outpost build'");
    }

    private static String utf8(ByteBuffer in, int at, int length, int headerPos) throws ArtifactException {
        ByteBuffer slice = in.duplicate().position(at).limit(at + length);
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(slice).toString();
        } catch (CharacterCodingException e) {
            throw new ArtifactException("malformed zip: entry name at byte " + headerPos + " is not UTF-8");
        }
    }

    private static ByteBuffer header(int size) {
        return ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
    }

    private static long crc(ByteBuffer data) {
        CRC32 crc = new CRC32();
        crc.update(data);
        return crc.getValue();
    }

    private static void writeBuffer(ByteBuffer data, OutputStream out) throws IOException {
        if (data.hasArray()) {
            out.write(data.array(), data.arrayOffset() + data.position(), data.remaining());
            return;
        }
        byte[] chunk = new byte[8192];
        while (data.hasRemaining()) {
            int n = Math.min(chunk.length, data.remaining());
            data.get(chunk, 0, n);
            out.write(chunk, 0, n);
        }
    }

    private static void checkOffset(long offset) {
        if (offset > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("artifact larger than 4 GiB");
        }
    }
}
