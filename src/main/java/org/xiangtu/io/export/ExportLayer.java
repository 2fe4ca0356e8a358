package org.xiangtu.io.export;

import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.xiangtu.catalog.GeometryKind;
import org.xiangtu.store.Feature;

/**
 * What is exported: a layer, a filter result or a drawn selection.
 *
 * @param name base name of the file and of the GeoPackage table, {@code [a-z][a-z0-9_]*}, not starting
 *        with {@code gpkg_}, {@code rtree_} or {@code sqlite_}
 * @param title human title (Chinese), used in the file name offered to the browser and in the
 *        GeoPackage contents; may be null
 * @param geometryKind the layer's geometry; {@code NONE} exports attributes only
 * @param fields the exported attributes, in column order; names unique
 * @param features geometry in EPSG:4490 lon/lat (x = lon), may be null; property values String, Long
 *        (or another integral Number), Double, Boolean or null, dates ISO {@code YYYY-MM-DD} strings;
 *        properties not named in {@code fields} are left out; not copied (a view of the caller's list)
 */
public record ExportLayer(String name, String title, GeometryKind geometryKind, List<ExportField> fields,
        List<Feature> features) {
    static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]*");
    /** Column names the writers add themselves: feature id, GeoPackage key and geometry, CSV geometry. */
    public static final Set<String> RESERVED = Set.of("id", "fid", "geom", "wkt", "lon", "lat");

    public ExportLayer {
        if (name == null || !NAME.matcher(name).matches() || name.startsWith("gpkg_") || name.startsWith("rtree_")
                || name.startsWith("sqlite_")) {
            throw new IllegalArgumentException("export layer name must match [a-z][a-z0-9_]* "
                    + "and not start with gpkg_, rtree_ or sqlite_: " + name);
        }
        if (geometryKind == null || fields == null || features == null) {
            throw new IllegalArgumentException("export layer " + name + " needs a geometry kind, fields and features");
        }
        fields = List.copyOf(fields);
        // not copied: an export can hold 200,000 features, and the list may be a view that checks the
        // request's deadline as the writers read it (analysis.Deadline#checking)
        features = Collections.unmodifiableList(features);
        Set<String> seen = new HashSet<>();
        for (ExportField f : fields) {
            if (!seen.add(f.name())) {
                throw new IllegalArgumentException("export layer " + name + ": field " + f.name() + " twice");
            }
        }
        for (Feature f : features) {
            if (f.id() == null) {
                throw new IllegalArgumentException("export layer " + name + ": a feature without id");
            }
        }
        if (title != null && title.isBlank()) {
            title = null;
        }
    }
}
