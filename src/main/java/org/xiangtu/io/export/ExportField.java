package org.xiangtu.io.export;

import org.xiangtu.catalog.FieldType;

/**
 * One exported attribute: its column name ({@code [a-z][a-z0-9_]*}, not one of the names the writers
 * use themselves, see {@link ExportLayer#RESERVED}), its type and an optional human title (Chinese),
 * shown in the CSV header and as the GeoPackage column title.
 */
public record ExportField(String name, FieldType type, String title) {
    public ExportField {
        if (name == null || !ExportLayer.NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("export field name must match [a-z][a-z0-9_]*: " + name);
        }
        if (ExportLayer.RESERVED.contains(name)) {
            throw new IllegalArgumentException("export field name is reserved: " + name);
        }
        if (type == null) {
            throw new IllegalArgumentException("export field " + name + " needs a type");
        }
        if (title != null && title.isBlank()) {
            title = null;
        }
    }
}
