package org.xiangtu.service;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.locationtech.jts.geom.Geometry;
import org.xiangtu.catalog.GeometryKind;
import org.xiangtu.catalog.LayerDef;
import org.xiangtu.catalog.Role;
import org.xiangtu.io.upload.ParsedUpload;
import org.xiangtu.io.upload.UploadException;
import org.xiangtu.io.upload.UploadFeature;
import org.xiangtu.io.upload.UploadField;
import org.xiangtu.io.upload.UploadOptions;
import org.xiangtu.io.upload.UploadReport;
import org.xiangtu.store.Feature;

/**
 * A table without coordinates (a CSV of townships and their figures, as a bureau sends it) joined to a public
 * catalogue layer by code: each row takes the geometry of the layer's feature whose {@code code} equals the
 * row's code (compared as text; a code typed as a number is written without a fraction). Rows whose code
 * matches nothing are kept without a geometry and listed in the report; a table where no row matches is
 * refused (400 naming {@code join_column}), as is a layer that is not public or has no codes ({@code join}).
 */
final class TableJoin {
    /** Column names that hold codes, tried in order when the planner names none. */
    static final List<String> CODE_COLUMNS = List.of("code", "代码", "编码", "区划代码", "行政区划代码", "town_code",
            "village_code");
    /** The joined layer's features read at most (the county's towns and villages are a few hundred). */
    static final int MAX_TARGETS = 20_000;
    private static final int LISTED = 20;

    private final LayerService layers;

    TableJoin(LayerService layers) {
        this.layers = layers;
    }

    ParsedUpload join(ParsedUpload table, UploadOptions options) {
        String layerId = options.join().strip();
        LayerDef layer = layers.layer(layerId, Role.PUBLIC).filter(l -> l.isSpatial() && l.field("code").isPresent())
                .orElseThrow(() -> UploadException.bad("join", "'" + layerId + "' is not a public layer with codes "
                        + "to join a table to (e.g. towns, villages)"));
        String column = column(table.fields(), options.joinColumn());
        Map<String, Geometry> byCode = new HashMap<>();
        for (Feature f : layers.features(layerId, Role.PUBLIC, null, Map.of(), MAX_TARGETS, 0).features()) {
            Object code = f.properties().get("code");
            if (code != null && f.geometry() != null) {
                byCode.putIfAbsent(text(code), f.geometry());
            }
        }
        List<UploadFeature> out = new ArrayList<>(table.features().size());
        List<String> unmatched = new ArrayList<>();
        int matched = 0;
        for (UploadFeature row : table.features()) {
            Object raw = row.properties().get(column);
            Geometry g = raw == null ? null : byCode.get(text(raw));
            if (g == null) {
                unmatched.add(raw == null ? "(empty)" : text(raw));
            } else {
                matched++;
            }
            out.add(new UploadFeature(g == null ? null : g.copy(), row.properties()));
        }
        if (matched == 0) {
            throw UploadException.bad("join_column", "no row's '" + column + "' matches a code of " + layerId
                    + " (its codes look like " + byCode.keySet().stream().sorted().findFirst().orElse("nothing") + ")");
        }
        UploadReport r = table.report();
        List<String> warnings = new ArrayList<>(r.warnings());
        warnings.add(matched + " of " + out.size() + " rows joined to " + layerId + " by '" + column + "'"
                + (unmatched.isEmpty() ? "" : "; " + unmatched.size() + " matched no code and have no geometry: "
                        + String.join(", ", unmatched.subList(0, Math.min(LISTED, unmatched.size())))
                        + (unmatched.size() > LISTED ? ", …" : "")));
        UploadReport report = new UploadReport(r.format(), r.sourceCrs(), r.datumShift(), r.encoding(), r.features(),
                r.repaired(), r.repairs(), r.repairsNotListed(), r.dropped(), r.gcj02Converted(), warnings);
        GeometryKind kind = layer.geometry() == null ? GeometryKind.GEOMETRY : layer.geometry();
        return new ParsedUpload(table.suggestedName(), kind, table.fields(), out, report);
    }

    /** The named column, or the first of {@link #CODE_COLUMNS} the table has. */
    private static String column(List<UploadField> fields, String chosen) {
        if (chosen != null && !chosen.isBlank()) {
            return fields.stream().map(UploadField::name).filter(n -> n.equals(chosen.strip())).findFirst()
                    .orElseThrow(() -> UploadException.bad("join_column", "the table has no column '" + chosen.strip()
                            + "'"));
        }
        for (String candidate : CODE_COLUMNS) {
            for (UploadField f : fields) {
                if (f.name().strip().toLowerCase(Locale.ROOT).equals(candidate)) {
                    return f.name();
                }
            }
        }
        throw UploadException.bad("join_column", "no code column found (looked for " + String.join(", ", CODE_COLUMNS)
                + "); name it in join_column");
    }

    /** A code as text: numbers without a fraction ({@code 500151103000}, never {@code 5.00151103E11}). */
    static String text(Object v) {
        if (v instanceof Double d && d == Math.rint(d) && Math.abs(d) < 9e15) {
            return Long.toString(d.longValue());
        }
        return v.toString().strip();
    }
}
