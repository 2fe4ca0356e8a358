package org.xiangtu.store.postgis;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.xiangtu.catalog.FieldDef;
import org.xiangtu.catalog.FieldType;
import org.xiangtu.store.GeoJsonPage;

/**
 * The features of one items page, rendered as GeoJSON bytes straight from the rows of the page
 * query ({@link PostgisSql#geoJsonSelectList}: id, {@code ST_AsGeoJSON} geometry, the fields cast to
 * text, then {@code updated_at}): nothing decoded into strings, parsed into numbers or put in maps.
 * Text is copied from the driver's UTF-8 bytes with JSON escaping (as Jackson escapes); integers,
 * booleans and dates are PostgreSQL's text as is; doubles are PostgreSQL's shortest round-trip text,
 * made a floating-point JSON number ({@link #number}); {@code updated_at} is {@code "…Z"} to the
 * second. The values, once parsed, are the ones the other stores write (FeatureStoreContract); the
 * text of a double may differ in form ({@code 12345678.0} here, {@code 1.2345678E7} from Jackson).
 *
 * <p>Each row is one complete Feature object; rows are comma-separated, kept in 64 KiB chunks and
 * written to the answer as they are ({@link #page}). One instance per page, not thread-safe.
 */
final class GeoJsonRows {
    private static final byte[] FEATURE_START = ascii("{\"type\":\"Feature\",\"id\":");
    private static final byte[] GEOMETRY = ascii(",\"geometry\":");
    private static final byte[] NULL = ascii("null");
    private static final byte[] DOT_ZERO = ascii(".0");
    private static final byte[] HEX = ascii("0123456789ABCDEF");
    private static final int CHUNK = 1 << 16;
    /** For each ASCII byte: 0 copy as is, a letter its short escape, -1 the {@code \}{@code u00XX} form (as Jackson). */
    private static final int[] ESCAPES = new int[128];

    static {
        for (int i = 0; i < 0x20; i++) {
            ESCAPES[i] = -1;
        }
        ESCAPES['"'] = '"';
        ESCAPES['\\'] = '\\';
        ESCAPES['\b'] = 'b';
        ESCAPES['\t'] = 't';
        ESCAPES['\f'] = 'f';
        ESCAPES['\n'] = 'n';
        ESCAPES['\r'] = 'r';
    }

    private final FieldType[] types;
    /** {@code ,"properties":{"name":} for the first field, {@code ,"name":} for the others, then updated_at's. */
    private final byte[][] names;
    /** Filled chunks; {@link #buf} is the one being written, {@link #len} bytes of it used. */
    private final List<byte[]> full = new ArrayList<>();
    private final List<Integer> fullLengths = new ArrayList<>();
    private byte[] buf = new byte[CHUNK];
    private int len;
    private int rows;
    private byte[] lastStamp;
    private byte[] lastStampJson;

    GeoJsonRows(List<FieldDef> fields) {
        types = new FieldType[fields.size()];
        names = new byte[fields.size() + 1][];
        String prefix = ",\"properties\":{";
        for (int i = 0; i < fields.size(); i++) {
            types[i] = fields.get(i).type();
            // catalogue names are [a-z][a-z0-9_]*: nothing to escape
            names[i] = (prefix + '"' + fields.get(i).name() + "\":").getBytes(StandardCharsets.UTF_8);
            prefix = ",";
        }
        names[fields.size()] = (prefix + "\"updated_at\":").getBytes(StandardCharsets.UTF_8);
    }

    /** Columns: 1 id, 2 GeoJSON geometry text or null, 3… the fields, then updated_at. */
    void add(ResultSet rs) throws SQLException {
        if (rows > 0) {
            put((byte) ',');
        }
        put(FEATURE_START);
        string(rs.getBytes(1));
        put(GEOMETRY);
        byte[] geometry = rs.getBytes(2);
        put(geometry == null ? NULL : geometry);
        int col = 3;
        for (int i = 0; i < types.length; i++, col++) {
            put(names[i]);
            switch (types[i]) {
                case STRING -> string(rs.getBytes(col));
                case INTEGER, BOOLEAN -> raw(rs.getBytes(col)); // the column's ::text: digits, true or false
                case DATE -> quotedAscii(rs.getBytes(col)); // ::text, ISO: 2020-10-31
                case NUMBER -> number(rs.getBytes(col)); // ::text, shortest round-trip digits
            }
        }
        put(names[types.length]);
        stamp(rs, col);
        put((byte) '}');
        put((byte) '}');
        rows++;
    }

    /** The page: the rows as written, copied to the answer's stream chunk by chunk. */
    GeoJsonPage page(long numberMatched) {
        List<byte[]> chunks = new ArrayList<>(full);
        List<Integer> lengths = new ArrayList<>(fullLengths);
        chunks.add(buf);
        lengths.add(len);
        return new GeoJsonPage(rows, numberMatched, g -> {
            if (g.getOutputTarget() instanceof OutputStream out) {
                g.flush();
                for (int i = 0; i < chunks.size(); i++) {
                    out.write(chunks.get(i), 0, lengths.get(i));
                }
            } else { // a Writer target (tests)
                for (int i = 0; i < chunks.size(); i++) {
                    g.writeRaw(new String(chunks.get(i), 0, lengths.get(i), StandardCharsets.UTF_8));
                }
            }
        });
    }

    /**
     * updated_at as {@code "…Z"} to the second. Rows of one import share their timestamp, so the
     * driver's bytes are compared with the previous row's before anything is parsed.
     */
    private void stamp(ResultSet rs, int col) throws SQLException {
        byte[] raw = rs.getBytes(col);
        if (raw == null) {
            put(NULL);
            return;
        }
        if (!Arrays.equals(raw, lastStamp)) {
            Instant t = rs.getObject(col, OffsetDateTime.class).toInstant().truncatedTo(ChronoUnit.SECONDS);
            lastStamp = raw;
            lastStampJson = ("\"" + t + "\"").getBytes(StandardCharsets.US_ASCII);
        }
        put(lastStampJson);
    }

    /** A JSON string from UTF-8 bytes (PostgreSQL sends valid UTF-8), escaped as Jackson escapes. */
    private void string(byte[] utf8) {
        if (utf8 == null) {
            put(NULL);
            return;
        }
        ensure(utf8.length * 6 + 2);
        byte[] b = buf;
        int n = len;
        b[n++] = '"';
        for (byte c : utf8) {
            int e = c >= 0 ? ESCAPES[c] : 0;
            if (e == 0) {
                b[n++] = c;
            } else {
                b[n++] = '\\';
                if (e > 0) {
                    b[n++] = (byte) e;
                } else {
                    b[n++] = 'u';
                    b[n++] = '0';
                    b[n++] = '0';
                    b[n++] = HEX[c >> 4];
                    b[n++] = HEX[c & 0xF];
                }
            }
        }
        b[n++] = '"';
        len = n;
    }

    /** Text the database already wrote as JSON (digits, true, false), or null. */
    private void raw(byte[] json) {
        put(json == null ? NULL : json);
    }

    /**
     * A double from PostgreSQL's text of it (shortest round-trip digits, the same double once
     * parsed): written as a JSON number that reads back as a floating-point one, as Jackson writes
     * doubles ({@code 3} becomes {@code 3.0}; {@code 1e-07} stays, a valid JSON number); NaN and the
     * infinities as strings, as Jackson quotes them.
     */
    private void number(byte[] text) {
        if (text == null) {
            put(NULL);
            return;
        }
        byte last = text[text.length - 1];
        if (last == 'N' || last == 'y') { // NaN, Infinity, -Infinity
            quotedAscii(text);
            return;
        }
        put(text);
        for (byte c : text) {
            if (c == '.' || c == 'e') {
                return;
            }
        }
        put(DOT_ZERO);
    }

    /** Text without characters to escape (an ISO date), as a JSON string, or null. */
    private void quotedAscii(byte[] text) {
        if (text == null) {
            put(NULL);
            return;
        }
        ensure(text.length + 2);
        buf[len++] = '"';
        System.arraycopy(text, 0, buf, len, text.length);
        len += text.length;
        buf[len++] = '"';
    }

    private void put(byte[] bytes) {
        ensure(bytes.length);
        System.arraycopy(bytes, 0, buf, len, bytes.length);
        len += bytes.length;
    }

    private void put(byte b) {
        ensure(1);
        buf[len++] = b;
    }

    /** Room for {@code more} bytes in one piece: a new chunk when this one is full (no copying). */
    private void ensure(int more) {
        if (len + more > buf.length) {
            full.add(buf);
            fullLengths.add(len);
            buf = new byte[Math.max(CHUNK, more)];
            len = 0;
        }
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
