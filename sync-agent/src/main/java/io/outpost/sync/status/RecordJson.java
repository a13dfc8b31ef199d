package io.outpost.sync.status;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads and writes flat records (numbers, booleans, strings, maps) with Jackson's streaming API
 * alone, as the common mapper writes them (nulls omitted, unknown fields ignored). {@code outpost
 * sync status} must answer within a few hundred milliseconds, and starting a databind ObjectMapper
 * costs about 0.2 s of that in a fresh JVM; the parser and generator cost a tenth of it.
 */
public final class RecordJson {
    private static final JsonFactory FACTORY = new JsonFactory();

    private RecordJson() {}

    public static JsonFactory factory() {
        return FACTORY;
    }

    /** A record from a JSON object; a missing field is 0, false or null. */
    public static <R extends Record> R read(byte[] json, Class<R> type) throws IOException {
        Map<String, Object> values;
        try (JsonParser p = FACTORY.createParser(json)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IOException("expected a JSON object");
            }
            values = object(p);
        }
        RecordComponent[] components = type.getRecordComponents();
        Class<?>[] types = new Class<?>[components.length];
        Object[] args = new Object[components.length];
        for (int i = 0; i < components.length; i++) {
            types[i] = components[i].getType();
            args[i] = convert(values.get(components[i].getName()), types[i], components[i].getName());
        }
        try {
            return type.getDeclaredConstructor(types).newInstance(args);
        } catch (ReflectiveOperationException e) {
            throw new IOException("cannot make a " + type.getSimpleName() + ": " + e, e);
        }
    }

    /** Writes {@code record}'s components in declaration order, leaving out nulls. */
    public static void write(JsonGenerator g, Record record) throws IOException {
        g.writeStartObject();
        for (RecordComponent c : record.getClass().getRecordComponents()) {
            Object v;
            try {
                v = c.getAccessor().invoke(record);
            } catch (ReflectiveOperationException e) {
                throw new IOException("cannot read " + c.getName() + ": " + e, e);
            }
            if (v != null) {
                g.writeFieldName(c.getName());
                value(g, v);
            }
        }
        g.writeEndObject();
    }

    private static void value(JsonGenerator g, Object v) throws IOException {
        if (v instanceof Map<?, ?> m) {
            g.writeStartObject();
            for (Map.Entry<?, ?> e : new java.util.TreeMap<>(m).entrySet()) {
                g.writeFieldName(String.valueOf(e.getKey()));
                value(g, e.getValue());
            }
            g.writeEndObject();
        } else if (v instanceof Number n) {
            g.writeNumber(n.longValue());
        } else if (v instanceof Boolean b) {
            g.writeBoolean(b);
        } else {
            g.writeString(String.valueOf(v));
        }
    }

    private static Map<String, Object> object(JsonParser p) throws IOException {
        Map<String, Object> out = new LinkedHashMap<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            out.put(name, value(p, p.nextToken()));
        }
        return out;
    }

    private static Object value(JsonParser p, JsonToken t) throws IOException {
        switch (t) {
            case START_OBJECT:
                return object(p);
            case START_ARRAY: {
                List<Object> list = new ArrayList<>();
                for (JsonToken e = p.nextToken(); e != JsonToken.END_ARRAY; e = p.nextToken()) {
                    list.add(value(p, e));
                }
                return list;
            }
            case VALUE_NUMBER_INT:
                return p.getLongValue();
            case VALUE_NUMBER_FLOAT:
                return p.getDoubleValue();
            case VALUE_TRUE:
            case VALUE_FALSE:
                return p.getBooleanValue();
            case VALUE_NULL:
                return null;
            default:
                return p.getText();
        }
    }

    private static Object convert(Object v, Class<?> type, String name) throws IOException {
        if (type == long.class || type == int.class) {
            long n = v instanceof Number num ? num.longValue() : 0;
            return type == long.class ? (Object) n : (Object) (int) n;
        }
        if (type == boolean.class) {
            return v instanceof Boolean b && b;
        }
        if (v == null || type.isInstance(v)) {
            return v;
        }
        throw new IOException(name + ": expected " + type.getSimpleName() + ", got " + v);
    }
}
