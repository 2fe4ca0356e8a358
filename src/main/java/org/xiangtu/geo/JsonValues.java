package org.xiangtu.geo;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;

/** Writes a property value (null, Long, Double, Boolean, else its text) with Jackson's streaming API. */
public final class JsonValues {
    private JsonValues() {
    }

    /** Writes the map as a JSON object, its entries in the map's order. */
    public static void writeObject(JsonGenerator g, java.util.Map<String, Object> properties) throws IOException {
        g.writeStartObject();
        for (java.util.Map.Entry<String, Object> p : properties.entrySet()) {
            g.writeFieldName(p.getKey());
            write(g, p.getValue());
        }
        g.writeEndObject();
    }

    public static void write(JsonGenerator g, Object v) throws IOException {
        if (v == null) {
            g.writeNull();
        } else if (v instanceof Long l) {
            g.writeNumber(l);
        } else if (v instanceof Double d) {
            g.writeNumber(d);
        } else if (v instanceof Boolean b) {
            g.writeBoolean(b);
        } else {
            g.writeString(v.toString());
        }
    }
}
