package org.xiangtu.io;

import java.math.BigInteger;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import org.locationtech.jts.geom.CoordinateSequence;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryCollection;
import org.locationtech.jts.geom.LineString;
import org.locationtech.jts.geom.Point;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.operation.valid.IsValidOp;
import org.locationtech.jts.operation.valid.TopologyValidationError;
import org.xiangtu.catalog.FieldDef;
import org.xiangtu.catalog.GeometryKind;
import org.xiangtu.catalog.LayerDef;
import org.xiangtu.geo.Crs;
import org.xiangtu.geo.SimpleShell;
import org.xiangtu.store.DataException;

/**
 * The checks every imported feature passes, whatever file it comes from: a geometry of the layer's
 * kind (a Polygon promoted to MultiPolygon, a LineString to MultiLineString), valid, in lon/lat
 * range; values of the catalogue field's type and allowed values; dates and timestamps that
 * PostgreSQL and GeoPackage both store (years 0001–9999); no NUL characters (PostgreSQL text cannot
 * hold U+0000). Every error is a {@link DataException} that starts with {@code where} (the file and
 * the feature) and names the field.
 */
public final class FeatureChecks {
    private static final BigInteger LONG_MIN = BigInteger.valueOf(Long.MIN_VALUE);
    private static final BigInteger LONG_MAX = BigInteger.valueOf(Long.MAX_VALUE);
    private static final double TWO_63 = 0x1p63;
    private static final Instant FIRST = Instant.parse("0001-01-01T00:00:00Z");
    private static final Instant AFTER_LAST = java.time.LocalDate.of(10_000, 1, 1)
            .atStartOfDay(java.time.ZoneOffset.UTC).toInstant();

    private FeatureChecks() {
    }

    /** A feature id: a non-empty string without NUL. */
    public static String id(Object id, String where) {
        if (!(id instanceof String s) || s.isBlank()) {
            throw new DataException(where + ": 'id' must be a non-empty string");
        }
        if (s.indexOf('\0') >= 0) {
            throw new DataException(where + ": 'id' contains a NUL character (U+0000), which PostgreSQL cannot store");
        }
        return s;
    }

    /** Checks and promotes {@code g} (lon/lat, not null); returns it with SRID 4490. */
    public static Geometry geometry(LayerDef layer, Geometry g, String where) {
        if (!layer.isSpatial()) {
            throw new DataException(where + ": field 'geometry': layer '" + layer.id() + "' has no geometry");
        }
        g = promote(layer.geometry(), g);
        String expected = layer.geometry().json();
        if (layer.geometry() != GeometryKind.GEOMETRY && !expected.equals(g.getGeometryType())) {
            throw new DataException(where + ": field 'geometry': expected " + expected + ", got " + g.getGeometryType());
        }
        if (g.isEmpty()) {
            throw new DataException(where + ": field 'geometry': empty geometry (use null)");
        }
        checkRange(g, where);
        TopologyValidationError err = SimpleShell.isCertainlyValid(g) ? null : new IsValidOp(g).getValidationError();
        if (err != null) {
            throw new DataException(where + ": field 'geometry': invalid geometry: " + err.getMessage()
                    + " at " + err.getCoordinate());
        }
        g.setSRID(Crs.CGCS2000);
        return g;
    }

    private static Geometry promote(GeometryKind kind, Geometry g) {
        if (kind == GeometryKind.MULTIPOLYGON && g instanceof Polygon p) {
            return Crs.LONLAT.createMultiPolygon(new Polygon[] {p});
        }
        if (kind == GeometryKind.MULTILINESTRING && g instanceof LineString l) {
            return Crs.LONLAT.createMultiLineString(new LineString[] {l});
        }
        return g;
    }

    /** Every coordinate in lon/lat range, walking the sequences (no copies). */
    private static void checkRange(Geometry g, String where) {
        if (g instanceof GeometryCollection gc) {
            for (int i = 0; i < gc.getNumGeometries(); i++) {
                checkRange(gc.getGeometryN(i), where);
            }
        } else if (g instanceof Polygon p) {
            checkRange(p.getExteriorRing().getCoordinateSequence(), where);
            for (int i = 0; i < p.getNumInteriorRing(); i++) {
                checkRange(p.getInteriorRingN(i).getCoordinateSequence(), where);
            }
        } else if (g instanceof LineString l) {
            checkRange(l.getCoordinateSequence(), where);
        } else if (g instanceof Point p) {
            checkRange(p.getCoordinateSequence(), where);
        }
    }

    private static void checkRange(CoordinateSequence seq, String where) {
        for (int i = 0; i < seq.size(); i++) {
            double x = seq.getX(i);
            double y = seq.getY(i);
            if (!(x >= -180 && x <= 180 && y >= -90 && y <= 90)) {
                throw new DataException(where + ": field 'geometry': coordinate " + x + "," + y
                        + " is outside lon/lat range (is the file projected? convert it to EPSG:4490 first)");
            }
        }
    }

    /**
     * A property value as read (String, Long, BigInteger, Double, Boolean or null), checked against
     * {@code field}; returns String, Long, Double, Boolean or null.
     *
     * @param shown how a value looked in the file, for the error message
     */
    public static Object value(FieldDef field, Object v, String where, java.util.function.Function<Object, String> shown) {
        if (v == null) {
            return null;
        }
        // the common cases first, and no message text built for a value that passes
        Object value = switch (field.type()) {
            case STRING -> v instanceof String s ? text(s, field, where)
                    : fail(at(field, where) + "expected a string, got " + shown.apply(v));
            case INTEGER -> v instanceof Long ? v : integer(v, field, where, shown);
            case NUMBER -> v instanceof Double d && Double.isFinite(d) ? v
                    : v instanceof Number n && !(v instanceof Boolean) && Double.isFinite(n.doubleValue())
                    ? (Object) n.doubleValue() : fail(at(field, where) + "expected a number, got " + shown.apply(v));
            case BOOLEAN -> v instanceof Boolean ? v : fail(at(field, where) + "expected true or false, got " + shown.apply(v));
            case DATE -> v instanceof String s && isDate(s) ? s
                    : fail(at(field, where) + "expected a date YYYY-MM-DD (years 0001 to 9999), got " + shown.apply(v));
        };
        if (field.enumValues() != null && !field.enumValues().contains(String.valueOf(value))) {
            fail(at(field, where) + "'" + value + "' is not one of " + field.enumValues());
        }
        return value;
    }

    private static String at(FieldDef field, String where) {
        return where + ": field '" + field.name() + "': ";
    }

    private static String text(String s, FieldDef field, String where) {
        if (s.indexOf('\0') >= 0) {
            fail(at(field, where) + "contains a NUL character (U+0000), which PostgreSQL cannot store");
        }
        return s;
    }

    private static Object integer(Object v, FieldDef field, String where, java.util.function.Function<Object, String> shown) {
        if (v instanceof Long || v instanceof Integer) {
            return ((Number) v).longValue();
        }
        if (v instanceof BigInteger b && b.compareTo(LONG_MIN) >= 0 && b.compareTo(LONG_MAX) <= 0) {
            return b.longValue();
        }
        if (v instanceof Double d && d == Math.rint(d) && d >= -TWO_63 && d < TWO_63) {
            return d.longValue();
        }
        return fail(at(field, where) + "expected an integer (64 bits), got " + shown.apply(v));
    }

    /** The last timestamp checked and its UTC form: the rows of a file mostly share one (a race only recomputes). */
    private record Stamp(String raw, String utc) {
    }

    private static volatile Stamp lastStamp;

    /** An RFC 3339 timestamp, as UTC to the second ({@code 2021-06-30T00:00:00Z}); years 0001–9999. */
    public static String updatedAt(Object v, String where) {
        if (!(v instanceof String s)) {
            throw new DataException(where + ": field 'updated_at': required, an RFC 3339 timestamp");
        }
        Stamp last = lastStamp;
        if (last != null && last.raw().equals(s)) {
            return last.utc();
        }
        String utc = parseUpdatedAt(s, where);
        lastStamp = new Stamp(s, utc);
        return utc;
    }

    private static String parseUpdatedAt(String s, String where) {
        Instant t;
        try {
            t = OffsetDateTime.parse(s).toInstant().truncatedTo(ChronoUnit.SECONDS);
        } catch (DateTimeParseException e) {
            throw new DataException(where + ": field 'updated_at': not an RFC 3339 timestamp: " + s, e);
        }
        if (t.isBefore(FIRST) || !t.isBefore(AFTER_LAST)) {
            throw new DataException(where + ": field 'updated_at': the year must be 0001 to 9999 (in UTC): " + s);
        }
        return t.toString();
    }

    /** {@code YYYY-MM-DD}, a real day, years 0001–9999 (what PostgreSQL's date input and GeoPackage accept). */
    static boolean isDate(String s) {
        if (s.length() != 10 || s.charAt(0) == '+' || s.charAt(0) == '-') {
            return false;
        }
        try {
            return LocalDate.parse(s).getYear() >= 1;
        } catch (DateTimeException e) {
            return false;
        }
    }

    private static Object fail(String message) {
        throw new DataException(message);
    }
}
