package org.xiangtu.catalog;

import com.fasterxml.jackson.annotation.JsonValue;

/** The type of a catalogue field; dates are ISO {@code YYYY-MM-DD} strings. */
public enum FieldType {
    STRING, INTEGER, NUMBER, BOOLEAN, DATE;

    @JsonValue
    public String json() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
