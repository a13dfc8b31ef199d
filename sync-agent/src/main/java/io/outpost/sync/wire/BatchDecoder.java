package io.outpost.sync.wire;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import io.outpost.common.json.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reads a batch (the header line, then one JSON object per line) and checks everything before
 * anything is stored: each event is one JSON object with string {@code id} and {@code type}, its id
 * belongs to the header's device, and the header's count matches. Sizes are bounded so that a
 * hostile or broken sender (or a gzip bomb) cannot exhaust the receiver's memory.
 */
public final class BatchDecoder {
    public static final int MAX_LINE_BYTES = 1 << 20;

    private BatchDecoder() {}

    /** @param ndjson the decompressed body; at most {@code maxBytes} are read */
    public static DecodedBatch decode(InputStream ndjson, long maxBytes) throws BatchFormatException, IOException {
        LineReader reader = new LineReader(ndjson, maxBytes);
        byte[] first = reader.next();
        while (first != null && isBlank(first)) {
            first = reader.next();
        }
        if (first == null) {
            throw new BatchFormatException("empty batch: expected a header line");
        }
        JsonNode headerJson;
        try {
            headerJson = Json.mapper().readTree(first);
        } catch (IOException e) {
            throw new BatchFormatException("line 1: header is not JSON: " + firstLine(e));
        }
        BatchHeader header = BatchHeader.fromJson(headerJson);
        String prefix = header.deviceId() + ":";
        List<DecodedBatch.EventLine> events = new ArrayList<>(Math.min(header.count(), 100_000));
        int lineNo = reader.lineNumber();
        for (byte[] line; (line = reader.next()) != null; ) {
            lineNo = reader.lineNumber();
            if (isBlank(line)) {
                continue;
            }
            String id = eventId(line, lineNo);
            if (!id.startsWith(prefix)) {
                throw new BatchFormatException("line " + lineNo + ": event id '" + id + "' does not belong to device '"
                        + header.deviceId() + "' (ids are <deviceId>:<epoch>:<index>)");
            }
            events.add(new DecodedBatch.EventLine(id, line));
        }
        if (events.size() != header.count()) {
            throw new BatchFormatException("batch header says count " + header.count() + " but " + events.size()
                    + " events followed (truncated upload?)");
        }
        return new DecodedBatch(header, events);
    }

    /** Validates one event line and returns its id. */
    private static String eventId(byte[] line, int lineNo) throws BatchFormatException {
        String id = null;
        String type = null;
        try (JsonParser p = Json.mapper().getFactory().createParser(line)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new BatchFormatException("line " + lineNo + ": an event must be a JSON object");
            }
            for (JsonToken t = p.nextToken(); t != JsonToken.END_OBJECT; t = p.nextToken()) {
                String field = p.currentName();
                JsonToken value = p.nextToken();
                if ("id".equals(field) || "type".equals(field)) {
                    if (value != JsonToken.VALUE_STRING) {
                        throw new BatchFormatException("line " + lineNo + ": event \"" + field + "\" must be a string");
                    }
                    if ("id".equals(field)) {
                        id = p.getText();
                    } else {
                        type = p.getText();
                    }
                } else {
                    p.skipChildren();
                }
            }
            if (p.nextToken() != null) {
                throw new BatchFormatException("line " + lineNo + ": more than one JSON value on the line");
            }
        } catch (IOException e) {
            throw new BatchFormatException("line " + lineNo + ": not valid JSON: " + firstLine(e));
        }
        if (id == null || id.isEmpty()) {
            throw new BatchFormatException("line " + lineNo + ": event without \"id\"");
        }
        if (type == null) {
            throw new BatchFormatException("line " + lineNo + ": event " + id + " without \"type\"");
        }
        return id;
    }

    private static boolean isBlank(byte[] line) {
        for (byte b : line) {
            if (b != ' ' && b != '\t' && b != '\r') {
                return false;
            }
        }
        return true;
    }

    private static String firstLine(IOException e) {
        String m = String.valueOf(e.getMessage());
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }

    /** Splits on '\n' (dropping a preceding '\r'), bounding line and total size. */
    private static final class LineReader {
        private final InputStream in;
        private final long maxBytes;
        private final byte[] buf = new byte[64 * 1024];
        private int pos;
        private int limit;
        private long total;
        private int lineNumber;
        private boolean eof;

        LineReader(InputStream in, long maxBytes) {
            this.in = in;
            this.maxBytes = maxBytes;
        }

        int lineNumber() {
            return lineNumber;
        }

        byte[] next() throws IOException, BatchFormatException {
            ByteArrayOutputStream partial = null;
            while (true) {
                if (pos == limit) {
                    if (eof || !fill()) {
                        if (partial == null) {
                            return null;
                        }
                        lineNumber++;
                        return strip(partial.toByteArray());
                    }
                }
                int start = pos;
                while (pos < limit && buf[pos] != '\n') {
                    pos++;
                }
                int len = pos - start;
                if ((partial == null ? 0 : partial.size()) + len > MAX_LINE_BYTES) {
                    throw new BatchFormatException("line " + (lineNumber + 1) + ": longer than " + MAX_LINE_BYTES + " bytes");
                }
                if (pos < limit) { // found '\n'
                    pos++;
                    lineNumber++;
                    if (partial == null) {
                        return strip(Arrays.copyOfRange(buf, start, start + len));
                    }
                    partial.write(buf, start, len);
                    return strip(partial.toByteArray());
                }
                if (partial == null) {
                    partial = new ByteArrayOutputStream(Math.max(256, len * 2));
                }
                partial.write(buf, start, len);
            }
        }

        private boolean fill() throws IOException, BatchFormatException {
            int n = in.read(buf, 0, buf.length);
            if (n < 0) {
                eof = true;
                pos = limit = 0;
                return false;
            }
            total += n;
            if (total > maxBytes) {
                throw new BatchFormatException("batch is larger than " + maxBytes + " bytes uncompressed; send smaller batches");
            }
            pos = 0;
            limit = n;
            return true;
        }

        private static byte[] strip(byte[] line) {
            return line.length > 0 && line[line.length - 1] == '\r' ? Arrays.copyOf(line, line.length - 1) : line;
        }
    }
}
