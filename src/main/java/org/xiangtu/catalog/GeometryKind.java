package org.xiangtu.catalog;

import com.fasterxml.jackson.annotation.JsonValue;

/** The geometry a layer holds; {@code NONE} is a table without geometry. */
public enum GeometryKind {
    POINT("Point"), MULTILINESTRING("MultiLineString"), MULTIPOLYGON("MultiPolygon"),
    GEOMETRY("Geometry"), NONE("None");

    private final String json;

    GeometryKind(String json) {
        this.json = json;
    }

    @JsonValue
    public String json() {
        return json;
    }

    public boolean isSpatial() {
        return this != NONE;
    }
}
