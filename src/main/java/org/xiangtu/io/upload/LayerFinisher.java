package org.xiangtu.io.upload;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.LineString;
import org.locationtech.jts.geom.MultiLineString;
import org.locationtech.jts.geom.MultiPoint;
import org.locationtech.jts.geom.MultiPolygon;
import org.locationtech.jts.geom.Point;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.geom.util.GeometryFixer;
import org.locationtech.jts.operation.valid.IsValidOp;
import org.locationtech.jts.operation.valid.TopologyValidationError;
import org.locationtech.proj4j.CoordinateTransform;
import org.locationtech.proj4j.ProjCoordinate;
import org.xiangtu.catalog.GeometryKind;
import org.xiangtu.geo.Coordinates;
import org.xiangtu.geo.Crs;
import org.xiangtu.store.Feature;
import org.xiangtu.store.FeatureSource;

/**
 * Repairs and reports: turns a {@link RawLayer}'s features, as they are read, into a {@link ParsedUpload}:
 * settles the source CRS and datum shift ({@link SourceCrs}), reprojects to EPSG:4490,
 * converts GCJ-02 when asked, refuses coordinates outside China (a wrong {@code .prj}), repairs invalid
 * geometries, drops empty ones, promotes single geometries to multi and decides the geometry kind.
 * Text from the file is cleaned rather than refused (old DBF writers pad with NULs): NUL characters are
 * removed from every name and value, and other control characters from the layer and field names, which
 * are shown as titles; the report counts the values changed.
 */
final class LayerFinisher {
    /** China's bounding box, lon/lat. */
    static final Envelope CHINA = new Envelope(73, 136, 3, 54);

    private LayerFinisher() {
    }

    static ParsedUpload finish(RawLayer raw, UploadOptions options, Budget budget) {
        try (FeatureSource rows = raw.features) {
            return finish(raw, rows, options, budget);
        }
    }

    /**
     * One pass over the features as they are read: each is cleaned, reprojected, checked against China,
     * repaired or dropped, and promoted. The report's warnings keep their order: the reader's, renamed
     * fields, NUL values, the CRS assumed, the datum shift (none, or the one given), GCJ-02, repairs, mixed
     * types. Each repair is listed too ({@link UploadReport#repairs}): the feature's index and id and JTS's
     * reason before and after, the first {@link UploadReport#REPAIRS_LISTED} only.
     */
    private static ParsedUpload finish(RawLayer raw, FeatureSource rows, UploadOptions options, Budget budget) {
        raw.name = raw.name == null ? null : Texts.singleLine(raw.name);
        List<UploadField> fields = new ArrayList<>();
        Map<String, String> renamed = cleanFieldNames(rows.fields(), fields);
        SourceCrs given = options.crs() != null && !options.crs().isBlank()
                ? SourceCrs.parse(options.crs(), "crs") : raw.crs;
        // no CRS named: lon/lat in China is assumed, and any feature outside China refuses the assumption
        SourceCrs crs = given == null ? SourceCrs.CGCS2000 : given;
        double[] towgs84 = SourceCrs.towgs84(options.towgs84());
        CoordinateTransform transform = crs.transform(towgs84);
        List<UploadReport.Repair> repairs = new ArrayList<>();
        List<UploadFeature> features = new ArrayList<>();
        int read = 0;
        int nulValues = 0;
        int repaired = 0;
        int dropped = 0;
        while (rows.hasNext()) {
            Feature row = rows.next();
            read++;
            Map<String, Object> props = new LinkedHashMap<>();
            for (var e : row.properties().entrySet()) {
                Object v = e.getValue();
                if (v instanceof String s && s.indexOf('\0') >= 0) {
                    v = Texts.withoutNul(s);
                    nulValues++;
                }
                props.put(renamed.getOrDefault(e.getKey(), e.getKey()), v);
            }
            budget.time();
            Geometry g = row.geometry();
            if (g != null) {
                if (g.isEmpty()) {
                    dropped++;
                    continue;
                }
                if (given == null && !CHINA.covers(g.getEnvelopeInternal())) {
                    throw UploadException.bad("crs", "the upload names no coordinate system (no .prj) and its"
                            + " coordinates are not lon/lat in China: pass crs, e.g. EPSG:4544");
                }
                g = toLonLat(g, transform, options.gcj02(), crs);
                if (!CHINA.covers(g.getEnvelopeInternal())) {
                    throw UploadException.bad("crs", "after reading them as " + crs.id() + " the coordinates fall"
                            + " outside China (" + g.getEnvelopeInternal() + "): wrong .prj? pass crs explicitly");
                }
                TopologyValidationError invalid = new IsValidOp(g).getValidationError();
                if (invalid != null) {
                    g = GeometryFixer.fix(g);
                    repaired++;
                    if (repairs.size() < UploadReport.REPAIRS_LISTED) {
                        repairs.add(new UploadReport.Repair(read - 1, row.id(), reason(invalid),
                                g.isEmpty() ? "empty: dropped" : reason(new IsValidOp(g).getValidationError())));
                    }
                    if (g.isEmpty()) {
                        dropped++;
                        continue;
                    }
                }
                g = promote(g);
                g.setSRID(Crs.CGCS2000);
            }
            features.add(new UploadFeature(g, props));
        }
        if (features.isEmpty()) {
            throw UploadException.bad("file", read == 0 ? "the upload holds no features"
                    : "every feature had an empty geometry");
        }
        List<String> warnings = new ArrayList<>(raw.warnings);
        if (!renamed.isEmpty()) {
            warnings.add(renamed.size() + " field name" + (renamed.size() == 1 ? " held" : "s held")
                    + " control characters; they were removed");
        }
        if (nulValues > 0) {
            warnings.add(nulValues + " text value" + (nulValues == 1 ? " held" : "s held") + " NUL characters;"
                    + " they were removed");
        }
        if (given == null) {
            warnings.add("no coordinate system given; the coordinates look like lon/lat, so EPSG:4490 was assumed");
        }
        String datumShift = datumShift(crs, towgs84, warnings);
        if (raw.webMapHint != null && !options.gcj02()) {
            warnings.add("the coordinates are probably GCJ-02 (Gaode/AMap, Tencent): " + raw.webMapHint
                    + "; upload again with gcj02=true to convert them, or check them against a known place");
        }
        if (options.gcj02() && !crs.isLonLat()) {
            warnings.add("GCJ-02 conversion applied after reprojecting from " + crs.id());
        }
        if (repaired > 0) {
            warnings.add(repaired + " invalid geometr" + (repaired == 1 ? "y was" : "ies were") + " repaired"
                    + (repaired > repairs.size() ? "; the first " + repairs.size() + " are listed" : ""));
        }
        GeometryKind kind = kind(features);
        if (kind == GeometryKind.GEOMETRY) {
            warnings.add("the features mix geometry types");
        }
        UploadReport report = new UploadReport(raw.format, crs.id(), datumShift, raw.encoding, features.size(),
                repaired, repairs, repaired - repairs.size(), dropped, options.gcj02(), warnings);
        return new ParsedUpload(raw.name, kind, fields, features, report);
    }

    /** The fields with control characters removed from their names (kept distinct); returns old → new name. */
    private static Map<String, String> cleanFieldNames(List<FeatureSource.Field> given, List<UploadField> out) {
        Map<String, String> renamed = new HashMap<>();
        Set<String> taken = new HashSet<>();
        given.forEach(f -> taken.add(f.name()));
        for (FeatureSource.Field f : given) {
            String clean = Texts.singleLine(f.name());
            String name = f.name();
            if (!clean.equals(f.name())) {
                name = clean;
                for (int k = 2; taken.contains(name); k++) {
                    name = clean + "_" + k;
                }
                taken.add(name);
                renamed.put(f.name(), name);
            }
            out.add(new UploadField(name, f.type()));
        }
        return renamed;
    }

    /**
     * The report's {@code datumShift}, with a warning when an old datum was taken as CGCS2000 without one or
     * with the one given.
     */
    private static String datumShift(SourceCrs crs, double[] towgs84,
            List<String> warnings) {
        if (crs.datum() == SourceCrs.Datum.MODERN) {
            return null;
        }
        if (towgs84 != null) {
            String params = java.util.Arrays.stream(towgs84).mapToObj(d -> d == Math.rint(d) ? Long.toString((long) d)
                    : Double.toString(d)).collect(java.util.stream.Collectors.joining(","));
            if (crs.datum().unpublishedShift()) {
                warnings.add("the datum shift given (towgs84=" + params + ") was applied from " + crs.datum().label
                        + " to CGCS2000; positions are as good as those parameters");
            }
            return "towgs84=" + params;
        }
        if (crs.datum().unpublishedShift()) {
            warnings.add(crs.datum().label + " coordinates were read on their own ellipsoid (" + crs.datum().ellipsoid
                    + ") and taken as CGCS2000 without a datum shift, since none is published: positions may be off"
                    + " by " + crs.datum().error + "; give towgs84 (3 or 7 parameters from the surveying"
                    + " bureau) to apply a shift");
            return "none";
        }
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\+towgs84=(\\S+)").matcher(crs.definition());
        return m.find() ? "towgs84=" + m.group(1) : "none";
    }

    /**
     * "Self-intersection at (106.05 29.85)": JTS's message for the error and where it is. Null (valid) is
     * "valid".
     */
    static String reason(TopologyValidationError e) {
        if (e == null) {
            return "valid";
        }
        Coordinate c = e.getCoordinate();
        return e.getMessage() + (c == null || Double.isNaN(c.x) ? "" : " at (" + c.x + " " + c.y + ")");
    }

    /**
     * A copy in lon/lat, made by {@code Crs.LONLAT}; a Proj4J failure on a coordinate is a 400 naming the
     * field that gave the coordinate system.
     */
    private static Geometry toLonLat(Geometry source, CoordinateTransform t, boolean gcj02, SourceCrs crs) {
        try {
            return toLonLat(source, t, gcj02);
        } catch (org.locationtech.proj4j.Proj4jException e) {
            throw UploadException.bad(crs.field(), "coordinates cannot be transformed from " + crs.id() + ": "
                    + e.getMessage() + "; wrong coordinate system?");
        }
    }

    private static Geometry toLonLat(Geometry source, CoordinateTransform t, boolean gcj02) {
        Geometry g = Crs.LONLAT.createGeometry(source);
        if (t == null && !gcj02) {
            return g;
        }
        ProjCoordinate in = new ProjCoordinate();
        ProjCoordinate out = new ProjCoordinate();
        return Coordinates.rewrite(g, (x0, y0, xy) -> {
            double x = x0;
            double y = y0;
            if (t != null) {
                in.x = x;
                in.y = y;
                t.transform(in, out);
                x = out.x;
                y = out.y;
            }
            if (gcj02) {
                double[] w = Gcj02.toWgs84(x, y);
                x = w[0];
                y = w[1];
            }
            xy[0] = x;
            xy[1] = y;
        });
    }

    /** Polygon → MultiPolygon, LineString → MultiLineString, a one-point MultiPoint → Point. */
    private static Geometry promote(Geometry g) {
        if (g instanceof Polygon p) {
            return Crs.LONLAT.createMultiPolygon(new Polygon[] {p});
        }
        if (g instanceof LineString l) {
            return Crs.LONLAT.createMultiLineString(new LineString[] {l});
        }
        if (g instanceof MultiPoint mp && mp.getNumGeometries() == 1) {
            return Crs.LONLAT.createPoint(mp.getGeometryN(0).getCoordinate());
        }
        return g;
    }

    private static GeometryKind kind(List<UploadFeature> features) {
        GeometryKind kind = null;
        for (UploadFeature f : features) {
            Geometry g = f.geometry();
            if (g == null) {
                continue;
            }
            GeometryKind k = g instanceof Point ? GeometryKind.POINT
                    : g instanceof MultiLineString ? GeometryKind.MULTILINESTRING
                    : g instanceof MultiPolygon ? GeometryKind.MULTIPOLYGON
                    : GeometryKind.GEOMETRY; // MultiPoint of several, GeometryCollection
            if (kind == null) {
                kind = k;
            } else if (kind != k) {
                kind = GeometryKind.GEOMETRY;
            }
        }
        return kind == null ? GeometryKind.NONE : kind;
    }
}
