package io.outpost.journal;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * The binary form of a journal record inside one Chronicle document.
 *
 * <pre>
 *   byte    format version (1)
 *   byte    kind: 1 = exchange, 2 = loss, 3 = metrics snapshot (a reader older than kind 3
 *           takes it for an undecodable record and forwards it as a one-event corrupt loss)
 *   field*  key varint = fieldNumber &lt;&lt; 2 | wireType, then the value:
 *             wireType 0 VARINT  zig-zag LEB128 (numbers, booleans, enum codes; in a text field:
 *                                a code from {@link WellKnownWords}, frozen for this version)
 *             wireType 1 UTF8    varint length + UTF-8 bytes
 *             wireType 2 UUID    16 bytes, read back as the canonical lower-case string
 *             wireType 3 IPV4    4 bytes, read back as a dotted quad
 * </pre>
 *
 * Absent fields take their defaults (null, 0, status 200, -1 for the backend latency, COMPLETED), so typical
 * records stay small. The four wire types are closed: every reader can skip a field it does not
 * know, so a writer may add field numbers freely; only an incompatible change bumps the version.
 * Field numbers and enum codes below are part of the format: never renumber, only add.
 */
public final class RecordCodec {
    public static final int FORMAT_VERSION = 1;
    /** Longer strings (user agents, mostly) are cut: the journal is for analytics, not forensics. */
    public static final int MAX_STRING_BYTES = 2048;

    /** Omitted when it is the status: the commonest value costs nothing. */
    static final int DEFAULT_STATUS = 200;

    static final int KIND_EXCHANGE = 1;
    static final int KIND_LOSS = 2;
    static final int KIND_METRICS = 3;

    static final int VARINT = 0;
    static final int UTF8 = 1;
    static final int UUID16 = 2;
    static final int IPV4 = 3;

    // Exchange fields. The most frequent ones have the lowest numbers (all fit a one-byte key).
    static final int X_TIME = 1;
    static final int X_API_NAME = 2;
    static final int X_API_VERSION = 3;
    static final int X_API_CONTEXT = 4;
    static final int X_RESOURCE = 5;
    static final int X_METHOD = 6;
    static final int X_STATUS = 7;
    static final int X_OUTCOME = 8;
    static final int X_ERROR_CODE = 9;
    static final int X_GATEWAY_LATENCY = 10;
    static final int X_BACKEND_LATENCY = 11;
    static final int X_REQUEST_BYTES = 12;
    static final int X_RESPONSE_BYTES = 13;
    static final int X_CLIENT_IP = 14;
    static final int X_USER_AGENT = 15;
    static final int X_CORRELATION_ID = 16;
    static final int X_APPLICATION_ID = 17;
    static final int X_APPLICATION_NAME = 18;
    static final int X_SUBSCRIBER = 19;
    static final int X_KEY_TYPE = 20;
    static final int X_AUTH_OUTCOME = 21;
    static final int X_THROTTLE_LEVEL = 22;
    static final int X_THROTTLE_TIER = 23;
    static final int X_THROTTLE_PASSED = 24;

    // Loss fields.
    static final int L_TIME = 1;
    static final int L_COUNT = 2;
    static final int L_FIRST_INDEX = 3;
    static final int L_LAST_INDEX = 4;
    static final int L_REASON = 5;

    // Metrics snapshot fields. The values are pairs: an M_NAME field, then its M_VALUE field.
    static final int M_TIME = 1;
    static final int M_UPTIME = 2;
    static final int M_VERSION = 3;
    static final int M_ARTIFACT = 4;
    static final int M_NAME = 5;
    static final int M_VALUE = 6;

    /** Outcome codes (index = code), independent of the enum's declaration order. */
    private static final Outcome[] OUTCOMES = {Outcome.COMPLETED, Outcome.ABORTED, Outcome.RESET, Outcome.TIMED_OUT};

    private RecordCodec() {}

    /** Encodes into a new array (tests, tools). The appender uses {@link #encode(JournalRecord, ByteSink)}. */
    public static byte[] encode(JournalRecord record) {
        ByteSink sink = new ByteSink(160);
        encode(record, sink);
        return sink.toByteArray();
    }

    static void encode(JournalRecord record, ByteSink out) {
        out.reset();
        out.writeByte(FORMAT_VERSION);
        if (record instanceof ExchangeRecord x) {
            out.writeByte(KIND_EXCHANGE);
            encodeExchange(x, out);
        } else if (record instanceof LossRecord l) {
            out.writeByte(KIND_LOSS);
            number(out, L_TIME, l.timeMillis());
            number(out, L_COUNT, l.count());
            number(out, L_FIRST_INDEX, l.firstIndex());
            number(out, L_LAST_INDEX, l.lastIndex());
            string(out, L_REASON, l.reason());
        } else if (record instanceof MetricsSnapshotRecord m) {
            out.writeByte(KIND_METRICS);
            number(out, M_TIME, m.timeMillis());
            number(out, M_UPTIME, m.uptimeSeconds());
            string(out, M_VERSION, m.version());
            string(out, M_ARTIFACT, m.artifact());
            m.values().forEach((name, value) -> {
                string(out, M_NAME, name);
                number(out, M_VALUE, value);
            });
        }
    }

    private static void encodeExchange(ExchangeRecord x, ByteSink out) {
        number(out, X_TIME, x.timeMillis());
        string(out, X_API_NAME, x.apiName());
        string(out, X_API_VERSION, x.apiVersion());
        string(out, X_API_CONTEXT, x.apiContext());
        string(out, X_RESOURCE, x.resource());
        string(out, X_METHOD, x.method());
        numberUnlessDefault(out, X_STATUS, x.status(), DEFAULT_STATUS);
        if (x.outcome() != Outcome.COMPLETED) {
            number(out, X_OUTCOME, outcomeCode(x.outcome()));
        }
        numberUnlessDefault(out, X_ERROR_CODE, x.errorCode(), 0);
        numberUnlessDefault(out, X_GATEWAY_LATENCY, x.gatewayLatencyMicros(), 0);
        numberUnlessDefault(out, X_BACKEND_LATENCY, x.backendLatencyMicros(), ExchangeRecord.NO_BACKEND);
        numberUnlessDefault(out, X_REQUEST_BYTES, x.requestBytes(), 0);
        numberUnlessDefault(out, X_RESPONSE_BYTES, x.responseBytes(), 0);
        if (!CompactForms.writeIpv4(out, key(X_CLIENT_IP, IPV4), x.clientIp())) {
            string(out, X_CLIENT_IP, x.clientIp());
        }
        string(out, X_USER_AGENT, x.userAgent());
        uuidOrString(out, X_CORRELATION_ID, x.correlationId());
        uuidOrString(out, X_APPLICATION_ID, x.applicationId());
        string(out, X_APPLICATION_NAME, x.applicationName());
        string(out, X_SUBSCRIBER, x.subscriber());
        string(out, X_KEY_TYPE, x.keyType());
        string(out, X_AUTH_OUTCOME, x.authOutcome());
        string(out, X_THROTTLE_LEVEL, x.throttleLevel());
        string(out, X_THROTTLE_TIER, x.throttleTier());
        if (x.throttlePassed() != null) {
            number(out, X_THROTTLE_PASSED, x.throttlePassed() ? 1 : 0);
        }
    }

    public static JournalRecord decode(byte[] data) {
        return decode(data, 0, data.length);
    }

    /** Throws {@link MalformedRecordException} for bytes that are not a record of a known format. */
    public static JournalRecord decode(byte[] data, int offset, int length) {
        FieldReader in = new FieldReader(data, offset, length);
        int version = in.readByte();
        if (version != FORMAT_VERSION) {
            throw new MalformedRecordException("unknown journal record format version " + version);
        }
        int kind = in.readByte();
        return switch (kind) {
            case KIND_EXCHANGE -> decodeExchange(in);
            case KIND_LOSS -> decodeLoss(in);
            case KIND_METRICS -> decodeMetrics(in);
            default -> throw new MalformedRecordException("unknown journal record kind " + kind);
        };
    }

    private static ExchangeRecord decodeExchange(FieldReader in) {
        ExchangeRecord.Builder b = ExchangeRecord.builder().status(DEFAULT_STATUS);
        while (in.hasMore()) {
            int key = (int) in.readVarint();
            int field = key >>> 2;
            int wire = key & 3;
            switch (field) {
                case X_TIME -> b.timeMillis(in.number(wire));
                case X_API_NAME -> b.apiName(in.string(wire));
                case X_API_VERSION -> b.apiVersion(in.string(wire));
                case X_API_CONTEXT -> b.apiContext(in.string(wire));
                case X_RESOURCE -> b.resource(in.string(wire));
                case X_METHOD -> b.method(in.string(wire));
                case X_STATUS -> b.status((int) in.number(wire));
                case X_OUTCOME -> b.outcome(outcome(in.number(wire)));
                case X_ERROR_CODE -> b.errorCode((int) in.number(wire));
                case X_GATEWAY_LATENCY -> b.gatewayLatencyMicros(in.number(wire));
                case X_BACKEND_LATENCY -> b.backendLatencyMicros(in.number(wire));
                case X_REQUEST_BYTES -> b.requestBytes(in.number(wire));
                case X_RESPONSE_BYTES -> b.responseBytes(in.number(wire));
                case X_CLIENT_IP -> b.clientIp(in.string(wire));
                case X_USER_AGENT -> b.userAgent(in.string(wire));
                case X_CORRELATION_ID -> b.correlationId(in.string(wire));
                case X_APPLICATION_ID -> b.applicationId(in.string(wire));
                case X_APPLICATION_NAME -> b.applicationName(in.string(wire));
                case X_SUBSCRIBER -> b.subscriber(in.string(wire));
                case X_KEY_TYPE -> b.keyType(in.string(wire));
                case X_AUTH_OUTCOME -> b.authOutcome(in.string(wire));
                case X_THROTTLE_LEVEL -> b.throttleLevel(in.string(wire));
                case X_THROTTLE_TIER -> b.throttleTier(in.string(wire));
                case X_THROTTLE_PASSED -> b.throttlePassed(in.number(wire) != 0);
                default -> in.skip(wire); // a newer writer's field
            }
        }
        return b.build();
    }

    private static LossRecord decodeLoss(FieldReader in) {
        long time = 0;
        long count = 0;
        long first = -1;
        long last = -1;
        String reason = null;
        while (in.hasMore()) {
            int key = (int) in.readVarint();
            int wire = key & 3;
            switch (key >>> 2) {
                case L_TIME -> time = in.number(wire);
                case L_COUNT -> count = in.number(wire);
                case L_FIRST_INDEX -> first = in.number(wire);
                case L_LAST_INDEX -> last = in.number(wire);
                case L_REASON -> reason = in.string(wire);
                default -> in.skip(wire);
            }
        }
        if (reason == null) {
            throw new MalformedRecordException("loss record without a reason");
        }
        return new LossRecord(time, count, first, last, reason);
    }

    private static MetricsSnapshotRecord decodeMetrics(FieldReader in) {
        long time = 0;
        long uptime = 0;
        String version = null;
        String artifact = null;
        String name = null;
        java.util.Map<String, Long> values = new java.util.TreeMap<>();
        while (in.hasMore()) {
            int key = (int) in.readVarint();
            int wire = key & 3;
            switch (key >>> 2) {
                case M_TIME -> time = in.number(wire);
                case M_UPTIME -> uptime = in.number(wire);
                case M_VERSION -> version = in.string(wire);
                case M_ARTIFACT -> artifact = in.string(wire);
                case M_NAME -> name = in.string(wire);
                case M_VALUE -> {
                    long v = in.number(wire);
                    if (name == null) {
                        throw new MalformedRecordException("metrics value without a name");
                    }
                    values.put(name, v);
                    name = null;
                }
                default -> in.skip(wire);
            }
        }
        return new MetricsSnapshotRecord(time, uptime, version, artifact, values);
    }

    static int key(int field, int wireType) {
        return field << 2 | wireType;
    }

    static long zigZag(long v) {
        return (v << 1) ^ (v >> 63);
    }

    static long unZigZag(long v) {
        return (v >>> 1) ^ -(v & 1);
    }

    private static void number(ByteSink out, int field, long value) {
        out.writeVarint(key(field, VARINT));
        out.writeVarint(zigZag(value));
    }

    private static void numberUnlessDefault(ByteSink out, int field, long value, long defaultValue) {
        if (value != defaultValue) {
            number(out, field, value);
        }
    }

    private static void string(ByteSink out, int field, String value) {
        if (value == null) {
            return;
        }
        int code = WellKnownWords.code(value);
        if (code > 0) {
            out.writeVarint(key(field, VARINT));
            out.writeVarint(zigZag(code));
        } else {
            out.writeVarint(key(field, UTF8));
            out.writeUtf8(value, MAX_STRING_BYTES);
        }
    }

    private static void uuidOrString(ByteSink out, int field, String value) {
        if (!CompactForms.writeUuid(out, key(field, UUID16), value)) {
            string(out, field, value);
        }
    }

    private static int outcomeCode(Outcome outcome) {
        for (int i = 0; i < OUTCOMES.length; i++) {
            if (OUTCOMES[i] == outcome) {
                return i;
            }
        }
        throw new IllegalStateException("no code for " + outcome);
    }

    private static Outcome outcome(long code) {
        if (code < 0 || code >= OUTCOMES.length) {
            throw new MalformedRecordException("unknown outcome code " + code);
        }
        return OUTCOMES[(int) code];
    }

    /** Reads fields with bounds checks: corrupt bytes give a {@link MalformedRecordException}, never garbage. */
    private static final class FieldReader {
        private final byte[] data;
        private final int limit;
        private int pos;

        FieldReader(byte[] data, int offset, int length) {
            if (offset < 0 || length < 0 || offset + length > data.length) {
                throw new MalformedRecordException("record bounds outside the buffer");
            }
            this.data = data;
            this.pos = offset;
            this.limit = offset + length;
        }

        boolean hasMore() {
            return pos < limit;
        }

        int readByte() {
            require(1);
            return data[pos++] & 0xFF;
        }

        long readVarint() {
            long result = 0;
            for (int shift = 0; shift < 64; shift += 7) {
                int b = readByte();
                result |= (long) (b & 0x7F) << shift;
                if ((b & 0x80) == 0) {
                    return result;
                }
            }
            throw new MalformedRecordException("varint longer than 10 bytes");
        }

        long number(int wire) {
            if (wire != VARINT) {
                throw new MalformedRecordException("expected a number, found wire type " + wire);
            }
            return unZigZag(readVarint());
        }

        String string(int wire) {
            switch (wire) {
                case VARINT -> {
                    return WellKnownWords.word(unZigZag(readVarint()));
                }
                case UTF8 -> {
                    long len = readVarint();
                    if (len < 0 || len > limit - pos) {
                        throw new MalformedRecordException("string length " + len + " beyond the record");
                    }
                    String s = new String(data, pos, (int) len, StandardCharsets.UTF_8);
                    pos += (int) len;
                    return s;
                }
                case UUID16 -> {
                    require(16);
                    String s = new UUID(readLong(), readLong()).toString();
                    return s;
                }
                case IPV4 -> {
                    require(4);
                    String s = (data[pos] & 0xFF) + "." + (data[pos + 1] & 0xFF) + "." + (data[pos + 2] & 0xFF)
                            + "." + (data[pos + 3] & 0xFF);
                    pos += 4;
                    return s;
                }
                default -> throw new MalformedRecordException("expected a string, found wire type " + wire);
            }
        }

        void skip(int wire) {
            switch (wire) {
                case VARINT -> readVarint();
                case UTF8 -> {
                    long len = readVarint();
                    if (len < 0 || len > limit - pos) {
                        throw new MalformedRecordException("field length " + len + " beyond the record");
                    }
                    pos += (int) len;
                }
                case UUID16 -> advance(16);
                case IPV4 -> advance(4);
                default -> throw new IllegalStateException("two-bit wire type " + wire);
            }
        }

        private long readLong() {
            long v = 0;
            for (int i = 0; i < 8; i++) {
                v = v << 8 | (data[pos++] & 0xFF);
            }
            return v;
        }

        private void advance(int n) {
            require(n);
            pos += n;
        }

        private void require(int n) {
            if (limit - pos < n) {
                throw new MalformedRecordException("record ends inside a field");
            }
        }
    }
}
