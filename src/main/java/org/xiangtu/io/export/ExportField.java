package org.xiangtu.io.export;

import org.xiangtu.catalog.FieldType;

/**
 * One exported attribute: its column name (a letter of any script, then letters, digits and underscores:
 * a planner layer's Chinese column stays Chinese; not one of the names the writers
 * use themselves, see {@link ExportLayer#RESERVED}), its type and an optional human title (Chinese),
 * shown in the CSV header and as the GeoPackage column title.
 */
public record ExportField(String name, FieldType type, String title) {
    /** A column name: a letter, then letters, digits and underscores (any script). */
    static final java.util.regex.Pattern NAME = java.util.regex.Pattern.compile("\\p{L}[\\p{L}\\p{N}_]*");

    public ExportField {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("export field name must be letters, digits and underscores: " + name);
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
