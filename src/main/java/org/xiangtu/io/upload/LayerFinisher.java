package org.xiangtu.io.upload;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.locationtech.jts.geom.CoordinateSequence;
import org.locationtech.jts.geom.CoordinateSequenceFilter;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.LineString;
import org.locationtech.jts.geom.MultiLineString;
import org.locationtech.jts.geom.MultiPoint;
import org.locationtech.jts.geom.MultiPolygon;
import org.locationtech.jts.geom.Point;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.geom.util.GeometryFixer;
import org.locationtech.proj4j.CRSFactory;
import org.locationtech.proj4j.CoordinateTransform;
import org.locationtech.proj4j.CoordinateTransformFactory;
import org.locationtech.proj4j.ProjCoordinate;
import org.xiangtu.catalog.GeometryKind;
import org.xiangtu.geo.Crs;

/**
 * Turns a {@link RawLayer} into a {@link ParsedUpload}: settles the source CRS, reprojects to EPSG:4490,
 * converts GCJ-02 when asked, refuses coordinates outside China (a wrong {@code .prj}), repairs invalid
 * geometries, drops empty ones, promotes single geometries to multi and decides the geometry kind.
 * Text from the file is cleaned rather than refused (old DBF writers pad with NULs): NUL characters are
 * removed from every name and value, and other control characters from the layer and field names, which
 * are shown as titles; the report counts the values changed.
 */
final class LayerFinisher {
    /** China's bounding box, lon/lat. */
    static final Envelope CHINA = new Envelope(73, 136, 3, 54);
    private static final String LONLAT_4490 = "+proj=longlat +ellps=GRS80 +no_defs";

    private LayerFinisher() {
    }

    static ParsedUpload finish(RawLayer raw, UploadOptions options, Budget budget) {
        List<String> warnings = new ArrayList<>(raw.warnings);
        cleanTexts(raw, warnings);
        SourceCrs crs = options.crs() != null && !options.crs().isBlank()
                ? SourceCrs.parse(options.crs(), "crs") : raw.crs;
        if (crs == null) {
            crs = guessLonLat(raw);
            warnings.add("no coordinate system given; the coordinates look like lon/lat, so EPSG:4490 was assumed");
        }
        CoordinateTransform transform = crs.isLonLat() ? null : transform(crs);
        if (options.gcj02() && !crs.isLonLat()) {
            warnings.add("GCJ-02 conversion applied after reprojecting from " + crs.id());
        }
        List<UploadFeature> features = new ArrayList<>();
        int repaired = 0;
        int dropped = 0;
        for (RawLayer.Row row : raw.rows) {
            budget.time();
            Geometry g = row.geometry();
            if (g != null) {
                if (g.isEmpty()) {
                    dropped++;
                    continue;
                }
                g = toLonLat(g, transform, options.gcj02());
                if (!CHINA.covers(g.getEnvelopeInternal())) {
                    throw UploadException.bad("crs", "after reading them as " + crs.id() + " the coordinates fall"
                            + " outside China (" + g.getEnvelopeInternal() + "): wrong .prj? pass crs explicitly");
                }
                if (!g.isValid()) {
                    g = GeometryFixer.fix(g);
                    repaired++;
                    if (g.isEmpty()) {
                        dropped++;
                        continue;
                    }
                }
                g = promote(g);
                g.setSRID(Crs.CGCS2000);
            }
            features.add(new UploadFeature(g, row.properties()));
        }
        if (features.isEmpty()) {
            throw UploadException.bad("file", raw.rows.isEmpty() ? "the upload holds no features"
                    : "every feature had an empty geometry");
        }
        if (repaired > 0) {
            warnings.add(repaired + " invalid geometr" + (repaired == 1 ? "y was" : "ies were") + " repaired");
        }
        GeometryKind kind = kind(features);
        if (kind == GeometryKind.GEOMETRY) {
            warnings.add("the features mix geometry types");
        }
        UploadReport report = new UploadReport(raw.format, crs.id(), raw.encoding, features.size(), repaired,
                dropped, options.gcj02(), warnings);
        return new ParsedUpload(raw.name, kind, raw.fields, features, report);
    }

    /** Removes NUL everywhere and control characters from names (keeping names distinct), in place. */
    private static void cleanTexts(RawLayer raw, List<String> warnings) {
        raw.name = raw.name == null ? null : Texts.singleLine(raw.name);
        Map<String, String> renamed = new HashMap<>();
        Set<String> taken = new HashSet<>();
        raw.fields.forEach(f -> taken.add(f.name()));
        for (int i = 0; i < raw.fields.size(); i++) {
            UploadField f = raw.fields.get(i);
            String clean = Texts.singleLine(f.name());
            if (!clean.equals(f.name())) {
                String name = clean;
                for (int k = 2; taken.contains(name); k++) {
                    name = clean + "_" + k;
                }
                taken.add(name);
                renamed.put(f.name(), name);
                raw.fields.set(i, new UploadField(name, f.type()));
            }
        }
        if (!renamed.isEmpty()) {
            warnings.add(renamed.size() + " field name" + (renamed.size() == 1 ? " held" : "s held")
                    + " control characters; they were removed");
        }
        int values = 0;
        for (int r = 0; r < raw.rows.size(); r++) {
            RawLayer.Row row = raw.rows.get(r);
            boolean changed = !renamed.isEmpty();
            Map<String, Object> props = new LinkedHashMap<>();
            for (var e : row.properties().entrySet()) {
                Object v = e.getValue();
                if (v instanceof String s && s.indexOf('\0') >= 0) {
                    v = Texts.withoutNul(s);
                    values++;
                    changed = true;
                }
                props.put(renamed.getOrDefault(e.getKey(), e.getKey()), v);
            }
            if (changed) {
                raw.rows.set(r, new RawLayer.Row(row.geometry(), props));
            }
        }
        if (values > 0) {
            warnings.add(values + " text value" + (values == 1 ? " held" : "s held") + " NUL characters;"
                    + " they were removed");
        }
    }

    private static SourceCrs guessLonLat(RawLayer raw) {
        for (RawLayer.Row row : raw.rows) {
            if (row.geometry() != null && !row.geometry().isEmpty() && !CHINA.covers(row.geometry().getEnvelopeInternal())) {
                throw UploadException.bad("crs", "the upload names no coordinate system (no .prj) and its"
                        + " coordinates are not lon/lat in China: pass crs, e.g. EPSG:4544");
            }
        }
        return SourceCrs.CGCS2000;
    }

    private static CoordinateTransform transform(SourceCrs crs) {
        CRSFactory f = new CRSFactory();
        return new CoordinateTransformFactory().createTransform(f.createFromName(crs.id()),
                f.createFromParameters("EPSG:4490", LONLAT_4490));
    }

    /** A copy in lon/lat, made by {@code Crs.LONLAT}. */
    private static Geometry toLonLat(Geometry source, CoordinateTransform t, boolean gcj02) {
        Geometry g = Crs.LONLAT.createGeometry(source);
        if (t == null && !gcj02) {
            return g;
        }
        ProjCoordinate in = new ProjCoordinate();
        ProjCoordinate out = new ProjCoordinate();
        g.apply(new CoordinateSequenceFilter() {
            @Override
            public void filter(CoordinateSequence seq, int i) {
                double x = seq.getX(i);
                double y = seq.getY(i);
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
                seq.setOrdinate(i, 0, x);
                seq.setOrdinate(i, 1, y);
            }

            @Override
            public boolean isDone() {
                return false;
            }

            @Override
            public boolean isGeometryChanged() {
                return true;
            }
        });
        return g;
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
