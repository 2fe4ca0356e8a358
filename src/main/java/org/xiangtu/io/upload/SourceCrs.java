package org.xiangtu.io.upload;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.locationtech.proj4j.CRSFactory;
import org.locationtech.proj4j.CoordinateReferenceSystem;
import org.xiangtu.io.upload.Wkt.Node;

/**
 * The EPSG code an upload's coordinates are in, found from an option, a GeoJSON {@code crs} member, a
 * GeoPackage srs or a Shapefile {@code .prj}. A {@code .prj} is understood by its parts (datum,
 * projection, central meridian, false easting), not by matching names: WGS84 and CGCS2000 lon/lat, every
 * CGCS2000 3° and 6° Gauss–Krüger zone with or without the zone number in the false easting, and WGS84 UTM
 * north zones.
 */
record SourceCrs(int epsg) {
    static final SourceCrs WGS84 = new SourceCrs(4326);
    static final SourceCrs CGCS2000 = new SourceCrs(4490);

    private static final Pattern EPSG_CODE = Pattern.compile("(?i)^(?:.*EPSG.*?[^0-9])?(\\d{4,5})$");
    private static final double GRS80_A = 6378137.0;

    String id() {
        return "EPSG:" + epsg;
    }

    /** WGS84 or CGCS2000 lon/lat, which Xiangtu treats as equal: no transform needed. */
    boolean isLonLat() {
        return epsg == 4326 || epsg == 4490;
    }

    /** An EPSG code Proj4J knows, else a 400 naming {@code field}. */
    static SourceCrs of(int code, String field) {
        if (code == 4326 || code == 4490) {
            return new SourceCrs(code);
        }
        try {
            CoordinateReferenceSystem crs = new CRSFactory().createFromName("EPSG:" + code);
            if (crs == null) {
                throw new IllegalStateException();
            }
        } catch (RuntimeException e) {
            throw UploadException.bad(field, "unknown coordinate system EPSG:" + code);
        }
        return new SourceCrs(code);
    }

    /** "EPSG:4546", "4546", "urn:ogc:def:crs:EPSG::4546", ".../EPSG/0/4546" or CRS84. */
    static SourceCrs parse(String name, String field) {
        String text = name.strip();
        if (text.toUpperCase(Locale.ROOT).endsWith("CRS84")) {
            return WGS84;
        }
        Matcher m = EPSG_CODE.matcher(text);
        if (!m.matches()) {
            throw UploadException.bad(field, "not an EPSG code: '" + name + "' (write e.g. EPSG:4544)");
        }
        return of(Integer.parseInt(m.group(1)), field);
    }

    /** Reads a {@code .prj}; a 400 naming {@code file.prj} when it cannot be understood. */
    static SourceCrs fromPrj(String wkt) {
        Node root;
        try {
            root = Wkt.parse(wkt);
        } catch (RuntimeException e) {
            throw unknownPrj("it is not valid WKT");
        }
        Optional<Integer> authority = authority(root);
        if (authority.isPresent()) {
            return of(authority.get(), "file.prj");
        }
        String kind = root.name().toUpperCase(Locale.ROOT);
        if (kind.equals("GEOGCS") || kind.equals("GEOGCRS") || kind.equals("GEODCRS")) {
            return datum(root) == 4326 ? WGS84 : CGCS2000;
        }
        if (kind.equals("PROJCS")) {
            Node geog = root.child("GEOGCS").orElseThrow(() -> unknownPrj("it has no GEOGCS"));
            return projected(root, datum(geog));
        }
        throw unknownPrj("'" + root.name() + "' is not a supported kind of coordinate system");
    }

    /** 4326 for WGS 84, 4490 for CGCS2000, judged by datum name and ellipsoid. */
    private static int datum(Node geog) {
        Node datum = geog.child("DATUM").orElseThrow(() -> unknownPrj("it names no datum"));
        String name = Wkt.normal(datum.text(0));
        double a = datum.child("SPHEROID", "ELLIPSOID").flatMap(s -> s.number(1)).orElse(Double.NaN);
        if (Math.abs(a - GRS80_A) > 0.5) {
            throw unknownPrj("datum '" + datum.text(0) + "' is neither WGS 84 nor CGCS2000");
        }
        if (name.contains("wgs84") || name.contains("wgs1984") || name.contains("worldgeodeticsystem1984")) {
            return 4326;
        }
        if (name.contains("china2000") || name.contains("cgcs2000") || name.contains("chinageodeticcoordinatesystem2000")) {
            return 4490;
        }
        throw unknownPrj("datum '" + datum.text(0) + "' is neither WGS 84 nor CGCS2000");
    }

    private static SourceCrs projected(Node root, int datum) {
        String projection = Wkt.normal(root.child("PROJECTION").map(p -> p.text(0)).orElse(""));
        if (!projection.equals("gausskruger") && !projection.equals("transversemercator")
                && !projection.equals("gausskrueger")) {
            throw unknownPrj("projection '" + projection + "' is not Gauss–Krüger / Transverse Mercator");
        }
        double unit = root.child("UNIT").flatMap(u -> u.number(1)).orElse(1.0);
        double cm = parameter(root, "centralmeridian", "longitudeofnaturalorigin");
        double fe = parameter(root, "falseeasting");
        double fn = parameter(root, "falsenorthing");
        double k = parameter(root, "scalefactor", "scalefactoratnaturalorigin");
        double lat0 = parameter(root, "latitudeoforigin", "latitudeofnaturalorigin");
        if (unit != 1.0 || fn != 0.0 || lat0 != 0.0 || cm != Math.rint(cm)) {
            throw unknownPrj("units, false northing, origin latitude or central meridian are not those of a standard zone");
        }
        int meridian = (int) cm;
        String name = Wkt.normal(root.text(0));
        if (datum == 4326) {
            int zone = (meridian + 183) / 6;
            if (k == 0.9996 && fe == 500000.0 && meridian == zone * 6 - 183) {
                return new SourceCrs(32600 + zone);
            }
            throw unknownPrj("a WGS 84 Transverse Mercator that is not a UTM north zone");
        }
        if (k != 1.0) {
            throw unknownPrj("scale factor " + k + " is not that of Gauss–Krüger (1.0)");
        }
        return new SourceCrs(gaussKruger(meridian, fe, name));
    }

    /**
     * The EPSG code of a CGCS2000 Gauss–Krüger zone. 3° zones 25–45 (central meridian 3n) are 4513–4533 with
     * the zone number in the false easting and 4534–4554 without; 6° zones 13–23 (central meridian 6n − 3)
     * are 4491–4501 and 4502–4512. Every 6° meridian is also a 3° one, and without a zone prefix the
     * projection is the same either way: the 6° code is reported only when the name says so ("6 degree",
     * or ESRI's "CGCS2000_GK_CM_105E" without "3 degree").
     *
     * @param name the coordinate system's name, {@link Wkt#normal normalised}
     */
    static int gaussKruger(int meridian, double falseEasting, String name) {
        boolean threeDegree = meridian % 3 == 0 && meridian / 3 >= 25 && meridian / 3 <= 45;
        boolean sixDegree = (meridian + 3) % 6 == 0 && (meridian + 3) / 6 >= 13 && (meridian + 3) / 6 <= 23;
        if (falseEasting == 500000.0) {
            boolean namedSix = name.contains("6degree") || name.contains("gkcm") && !name.contains("3degree");
            if (sixDegree && namedSix) {
                return 4502 + (meridian + 3) / 6 - 13;
            }
            if (threeDegree) {
                return 4534 + meridian / 3 - 25;
            }
        } else {
            double zone = (falseEasting - 500000.0) / 1_000_000.0;
            if (threeDegree && zone == meridian / 3) {
                return 4513 + meridian / 3 - 25;
            }
            if (sixDegree && zone == (meridian + 3) / 6) {
                return 4491 + (meridian + 3) / 6 - 13;
            }
        }
        throw unknownPrj("central meridian " + meridian + "° with false easting " + (long) falseEasting
                + " is not a CGCS2000 Gauss–Krüger zone covering China");
    }

    private static double parameter(Node root, String... names) {
        for (Node p : root.children("PARAMETER")) {
            String n = Wkt.normal(p.text(0));
            for (String name : names) {
                if (n.equals(name)) {
                    return p.number(1).orElseThrow(() -> unknownPrj("parameter " + p.text(0) + " has no value"));
                }
            }
        }
        throw unknownPrj("it has no " + names[0] + " parameter");
    }

    private static Optional<Integer> authority(Node root) {
        return root.child("AUTHORITY", "ID")
                .filter(a -> a.text(0).equalsIgnoreCase("EPSG"))
                .map(a -> a.args().size() > 1 ? a.args().get(1) : null)
                .map(v -> v instanceof Double d ? d.intValue() : v instanceof String s && s.matches("\\d+")
                        ? Integer.parseInt(s) : null);
    }

    private static UploadException unknownPrj(String why) {
        return UploadException.bad("file.prj", "cannot tell the coordinate system from the .prj: " + why
                + "; pass crs explicitly, e.g. EPSG:4544");
    }
}
