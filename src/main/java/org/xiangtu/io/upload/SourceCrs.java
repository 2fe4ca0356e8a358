package org.xiangtu.io.upload;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.locationtech.proj4j.CRSFactory;
import org.locationtech.proj4j.CoordinateReferenceSystem;
import org.locationtech.proj4j.CoordinateTransform;
import org.locationtech.proj4j.CoordinateTransformFactory;
import org.locationtech.proj4j.datum.Ellipsoid;
import org.locationtech.proj4j.io.Proj4FileReader;
import org.xiangtu.io.upload.Wkt.Node;

/**
 * The coordinate system an upload's coordinates are in, found from an option, a GeoJSON {@code crs} member, a
 * GeoPackage srs or a Shapefile {@code .prj}, and how to bring them to CGCS2000 lon/lat.
 *
 * <p>A {@code .prj} (or WKT given as the {@code crs} option) is understood by its parts (datum, ellipsoid,
 * projection, parameters), not by matching names. On WGS 84 and CGCS2000: lon/lat, every CGCS2000 3° and 6°
 * Gauss–Krüger zone with or without the zone number in the false easting and WGS 84 UTM north zones (all
 * reported by their EPSG code), and Lambert Conformal Conic and Albers. On Beijing 1954 (Krasovsky 1940) and
 * Xi'an 1980 (IAG 1975): lon/lat, Gauss–Krüger / Transverse Mercator with any zone, Lambert Conformal Conic
 * and Albers, built as a Proj4J definition on the file's own ellipsoid.
 *
 * <p>Beijing 1954 and Xi'an 1980 get no datum shift unless one is given ({@code towgs84}): no shift to CGCS2000
 * is published (the parameters are issued by local surveying bureaus), and a guessed one is worse than none
 * said out loud. Their coordinates are then projected on their own ellipsoid and the lon/lat taken as
 * CGCS2000, which is what GDAL/PROJ does too ({@code ogr2ogr -t_srs EPSG:4490} uses a "ballpark", null,
 * transformation between them). The same holds for EPSG codes on those datums: the regional
 * {@code +towgs84} proj4j-epsg carries for Beijing 1954 is dropped.
 *
 * @param id how the report names it: {@code "EPSG:4546"}, {@code "ESRI:102012"} or the WKT's own name
 * @param definition the Proj4J parameters; null for WGS 84 and CGCS2000 lon/lat (no transform)
 * @param datum what kind of datum, which decides whether a shift is applied and what the report says
 * @param field the request field that named it, for errors: {@code crs}, {@code file.prj} or {@code file}
 */
record SourceCrs(String id, String definition, Datum datum, String field) {
    static final SourceCrs WGS84 = new SourceCrs("EPSG:4326", null, Datum.MODERN, "file");
    static final SourceCrs CGCS2000 = new SourceCrs("EPSG:4490", null, Datum.MODERN, "file");

    private static final Pattern EPSG_CODE = Pattern.compile("(?i)^(?:.*EPSG.*?[^0-9])?(\\d{4,5})$");
    private static final Pattern ESRI_CODE = Pattern.compile("(?i)^ESRI:+(\\d{4,6})$");
    private static final Pattern TOWGS84 = Pattern.compile("\\s*\\+towgs84=\\S*");
    private static final double GRS80_A = 6378137.0;
    private static final String LONLAT_4490 = "+proj=longlat +ellps=GRS80 +no_defs";
    private static final String LONLAT_4490_SHIFTED = "+proj=longlat +ellps=GRS80 +towgs84=0,0,0 +no_defs";

    /**
     * The kinds of datum the readers tell apart.
     *
     * <p>How far off the unshifted positions may be. Beijing 1954: the Beijing 1954 → WGS 84 parameters
     * proj4j-epsg attaches to EPSG:4214 (dX=15.8, dY=−154.4, dZ=−82.3 m, an EPSG transformation published for
     * a limited area) move points by 7 m (around 95° E) to 106 m (135° E) horizontally over a 5° grid of China
     * (computed with Proj4J; 28 m at Tongliang, 106.04° E 29.84° N, see {@code OldDatumUploadTest}). Other
     * published local parameter sets differ, so "tens of metres, up to about 100 m" is the honest order of
     * magnitude, not a bound. Xi'an 1980: its parameters to CGCS2000 are not public (the OSGeo wiki's "China
     * datums" page notes that the literature is redacted); its origin is nearer the geocentre than Beijing
     * 1954's, and we state the same order, "tens of metres", as an estimate that cannot be checked here.
     */
    enum Datum {
        /** WGS 84 or CGCS2000, which Xiangtu takes as equal (they differ by well under a metre). */
        MODERN(null, null, null),
        BEIJING_1954("Beijing 1954", "Krasovsky 1940", "tens of metres, up to about 100 m"),
        XIAN_1980("Xi'an 1980", "IAG 1975", "tens of metres (no public parameters to say better)"),
        /** Any other datum of an EPSG or ESRI code Proj4J knows: its registry shift, if any, is used. */
        OTHER(null, null, null);

        final String label;
        final String ellipsoid;
        final String error;

        Datum(String label, String ellipsoid, String error) {
            this.label = label;
            this.ellipsoid = ellipsoid;
            this.error = error;
        }

        /** Beijing 1954 or Xi'an 1980: no published shift to CGCS2000. */
        boolean unpublishedShift() {
            return label != null;
        }

        /** By the ellipsoid: Krasovsky 1940 (a 6378245, 1/f 298.3), IAG 1975 (6378140, 298.257), GRS80/WGS 84. */
        static Datum of(double a, double rf) {
            if (Math.abs(a - 6378245.0) < 0.5 && Math.abs(rf - 298.3) < 1e-5) {
                return BEIJING_1954;
            }
            if (Math.abs(a - 6378140.0) < 0.5 && Math.abs(rf - 298.257) < 1e-5) {
                return XIAN_1980;
            }
            return Math.abs(a - GRS80_A) < 0.5 && Math.abs(rf - 298.2572) < 1e-4 ? MODERN : OTHER;
        }
    }

    /** The EPSG code this is, else 0 (an ESRI code or a definition read from WKT). */
    int epsg() {
        return id.startsWith("EPSG:") ? Integer.parseInt(id.substring(5)) : 0;
    }

    /** WGS84 or CGCS2000 lon/lat, which Xiangtu treats as equal: no transform needed. */
    boolean isLonLat() {
        return definition == null;
    }

    /** An EPSG code Proj4J knows, else a 400 naming {@code field}. */
    static SourceCrs of(int code, String field) {
        if (code == 4326) {
            return new SourceCrs("EPSG:4326", null, Datum.MODERN, field);
        }
        if (code == 4490) {
            return new SourceCrs("EPSG:4490", null, Datum.MODERN, field);
        }
        return registry("EPSG", code, field);
    }

    /**
     * A code of Proj4J's EPSG or ESRI table; its {@code +towgs84} dropped on Beijing 1954 and Xi'an 1980;
     * else a 400 naming {@code field}.
     */
    private static SourceCrs registry(String authority, int code, String field) {
        String name = authority + ":" + code;
        String[] params;
        try {
            params = new Proj4FileReader().getParameters(name);
        } catch (RuntimeException e) {
            params = null;
        }
        if (params == null || params.length == 0) {
            throw UploadException.bad(field, "unknown coordinate system " + name + (authority.equals("ESRI")
                    ? " (only the ESRI codes in Proj4J's table are known; send the .prj's WKT as crs instead)" : ""));
        }
        String definition = Arrays.stream(params).filter(p -> !p.isBlank() && !p.equals("no_defs"))
                .map(p -> p.startsWith("+") ? p : "+" + p).collect(Collectors.joining(" "));
        Ellipsoid e = create(name, definition, field).getDatum().getEllipsoid();
        Datum datum = Datum.of(e.getA(), e.getA() / (e.getA() - e.getB()));
        if (datum.unpublishedShift()) {
            definition = TOWGS84.matcher(definition).replaceAll("");
        }
        return new SourceCrs(name, definition, datum, field);
    }

    /**
     * The {@code crs} option: "EPSG:4546", "4546", "urn:ogc:def:crs:EPSG::4546", ".../EPSG/0/4546", CRS84,
     * "ESRI:102012", or WKT (a {@code .prj}'s text). Anything else is a 400 naming {@code field}.
     */
    static SourceCrs parse(String name, String field) {
        String text = name.strip();
        if (text.contains("[")) {
            return fromWkt(text, field);
        }
        if (text.toUpperCase(Locale.ROOT).endsWith("CRS84")) {
            return new SourceCrs("EPSG:4326", null, Datum.MODERN, field);
        }
        Matcher esri = ESRI_CODE.matcher(text);
        if (esri.matches()) {
            return registry("ESRI", Integer.parseInt(esri.group(1)), field);
        }
        Matcher m = EPSG_CODE.matcher(text);
        if (!m.matches()) {
            throw UploadException.bad(field, "not a coordinate system: '" + name + "' (write e.g. EPSG:4544,"
                    + " ESRI:102012 or the WKT of a .prj)");
        }
        return of(Integer.parseInt(m.group(1)), field);
    }

    /** Reads a {@code .prj}; a 400 naming {@code file.prj} when it cannot be understood. */
    static SourceCrs fromPrj(String wkt) {
        return fromWkt(wkt, "file.prj");
    }

    /** Reads WKT (ESRI or OGC WKT 1; an EPSG authority wins); a 400 naming {@code field} when not understood. */
    static SourceCrs fromWkt(String wkt, String field) {
        Node root;
        try {
            root = Wkt.parse(wkt);
        } catch (RuntimeException e) {
            throw unknown(field, "it is not valid WKT");
        }
        Optional<Integer> authority = authority(root);
        if (authority.isPresent()) {
            return of(authority.get(), field);
        }
        String kind = root.name().toUpperCase(Locale.ROOT);
        if (kind.equals("GEOGCS") || kind.equals("GEOGCRS") || kind.equals("GEODCRS")) {
            Datum datum = datum(root, field);
            if (datum == Datum.MODERN) {
                return modernDatum(root, field) == 4326 ? WGS84.from(field) : CGCS2000.from(field);
            }
            return new SourceCrs(root.text(0), "+proj=longlat " + ellipsoid(root, field) + primeMeridian(root)
                    + " +no_defs", datum, field);
        }
        if (kind.equals("PROJCS")) {
            Node geog = root.child("GEOGCS").orElseThrow(() -> unknown(field, "it has no GEOGCS"));
            Datum datum = datum(geog, field);
            String projection = Wkt.normal(root.child("PROJECTION").map(p -> p.text(0)).orElse(""));
            if (datum == Datum.MODERN && isTransverseMercator(projection)) {
                return new SourceCrs("EPSG:" + modernZone(root, modernDatum(geog, field), field), null, datum, field)
                        .registered();
            }
            String definition = projection(root, projection, field) + " " + ellipsoid(geog, field)
                    + primeMeridian(geog) + units(root, field) + " +no_defs";
            create(root.text(0), definition, field);
            return new SourceCrs(root.text(0), definition, datum, field);
        }
        throw unknown(field, "'" + root.name() + "' is not a supported kind of coordinate system");
    }

    /**
     * The transform from this system to CGCS2000 lon/lat, or null when none is needed. Beijing 1954 and Xi'an
     * 1980 without {@code towgs84} are inverse-projected on their own ellipsoid, with no datum shift; with
     * {@code towgs84} (3 or 7 Helmert parameters to WGS 84 / CGCS2000, as PROJ reads them) the shift is applied
     * through geocentric coordinates.
     *
     * @param towgs84 the option's parameters, or null
     * @throws UploadException 400 naming {@code towgs84} when given for a WGS 84 or CGCS2000 source, or naming
     *     {@link #field} when Proj4J cannot build the transform
     */
    CoordinateTransform transform(double[] towgs84) {
        if (towgs84 != null && datum == Datum.MODERN) {
            throw UploadException.bad("towgs84", "the coordinates are already on WGS 84 / CGCS2000 (" + id
                    + "); towgs84 is for an older datum such as Beijing 1954 or Xi'an 1980");
        }
        if (definition == null) {
            return null;
        }
        String source = towgs84 == null ? definition : TOWGS84.matcher(definition).replaceAll("") + " +towgs84="
                + Arrays.stream(towgs84).mapToObj(SourceCrs::number).collect(Collectors.joining(","));
        CoordinateReferenceSystem from = create(id, source, field);
        String target;
        if (from.getDatum().hasTransformToWGS84()) {
            target = LONLAT_4490_SHIFTED;
        } else if (datum == Datum.MODERN) {
            target = LONLAT_4490;
        } else {
            // no shift: the same ellipsoid on both sides, so no datum conversion can happen, whatever Proj4J's rules
            Ellipsoid e = from.getDatum().getEllipsoid();
            target = "+proj=longlat +a=" + number(e.getA()) + " +b=" + number(e.getB()) + " +no_defs";
        }
        try {
            return new CoordinateTransformFactory().createTransform(from, create("EPSG:4490", target, field));
        } catch (RuntimeException e) {
            throw UploadException.bad(field, "the coordinate system " + id + " cannot be transformed to"
                    + " CGCS2000: " + e.getMessage());
        }
    }

    /**
     * The {@code towgs84} option: 3 (dX, dY, dZ in metres) or 7 (and rX, rY, rZ in arc seconds, scale in ppm)
     * numbers separated by commas or spaces; null when blank; else a 400 naming {@code towgs84}. Translations
     * beyond 10 km, rotations beyond 1000" and scales beyond 1000 ppm are refused as typing mistakes.
     */
    static double[] towgs84(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        String[] parts = text.strip().split("\\s*[,\\s]\\s*");
        if (parts.length != 3 && parts.length != 7) {
            throw UploadException.bad("towgs84", "give 3 numbers (dX,dY,dZ in metres) or 7 (and rX,rY,rZ in"
                    + " arc seconds, scale in ppm), separated by commas; got " + parts.length);
        }
        double[] out = new double[parts.length];
        for (int i = 0; i < parts.length; i++) {
            try {
                out[i] = Double.parseDouble(parts[i]);
            } catch (NumberFormatException e) {
                out[i] = Double.NaN;
            }
            double limit = i < 3 ? 10_000 : 1000;
            if (!Double.isFinite(out[i]) || Math.abs(out[i]) > limit) {
                throw UploadException.bad("towgs84", "'" + parts[i] + "' (number " + (i + 1) + ") is not a number"
                        + " within ±" + (long) limit + (i < 3 ? " m" : i < 6 ? " arc seconds" : " ppm"));
            }
        }
        return out;
    }

    private SourceCrs from(String newField) {
        return new SourceCrs(id, definition, datum, newField);
    }

    /** A CGCS2000/WGS 84 zone by its EPSG code, with the registry's definition. */
    private SourceCrs registered() {
        return registry("EPSG", epsg(), field);
    }

    /** Beijing 1954, Xi'an 1980, MODERN (WGS 84 or CGCS2000) or a 400: judged by the ellipsoid. */
    private static Datum datum(Node geog, String field) {
        Node datum = geog.child("DATUM").orElseThrow(() -> unknown(field, "it names no datum"));
        Node spheroid = datum.child("SPHEROID", "ELLIPSOID").orElseThrow(() -> unknown(field, "it names no ellipsoid"));
        double a = spheroid.number(1).orElse(Double.NaN);
        double rf = spheroid.number(2).orElse(Double.NaN);
        Datum d = Datum.of(a, rf);
        if (d == Datum.OTHER) {
            throw unknown(field, "datum '" + datum.text(0) + "' is none of WGS 84, CGCS2000, Beijing 1954"
                    + " (Krasovsky 1940) and Xi'an 1980 (IAG 1975)");
        }
        return d;
    }

    /** 4326 for WGS 84, 4490 for CGCS2000, judged by datum name (the ellipsoids differ by 0.1 mm). */
    private static int modernDatum(Node geog, String field) {
        Node datum = geog.child("DATUM").orElseThrow(() -> unknown(field, "it names no datum"));
        String name = Wkt.normal(datum.text(0));
        if (name.contains("wgs84") || name.contains("wgs1984") || name.contains("worldgeodeticsystem1984")) {
            return 4326;
        }
        if (name.contains("china2000") || name.contains("cgcs2000") || name.contains("chinageodeticcoordinatesystem2000")) {
            return 4490;
        }
        throw unknown(field, "datum '" + datum.text(0) + "' is neither WGS 84 nor CGCS2000");
    }

    private static boolean isTransverseMercator(String projection) {
        return projection.equals("gausskruger") || projection.equals("transversemercator")
                || projection.equals("gausskrueger");
    }

    /** The EPSG code of a WGS 84 UTM north zone or a CGCS2000 Gauss–Krüger zone. */
    private static int modernZone(Node root, int datum, String field) {
        double unit = root.child("UNIT").flatMap(u -> u.number(1)).orElse(1.0);
        double cm = parameter(root, field, "centralmeridian", "longitudeofnaturalorigin");
        double fe = parameter(root, field, "falseeasting");
        double fn = parameter(root, field, "falsenorthing");
        double k = parameter(root, field, "scalefactor", "scalefactoratnaturalorigin");
        double lat0 = parameter(root, field, "latitudeoforigin", "latitudeofnaturalorigin");
        if (unit != 1.0 || fn != 0.0 || lat0 != 0.0 || cm != Math.rint(cm)) {
            throw unknown(field, "units, false northing, origin latitude or central meridian are not those of a"
                    + " standard zone");
        }
        int meridian = (int) cm;
        String name = Wkt.normal(root.text(0));
        if (datum == 4326) {
            int zone = (meridian + 183) / 6;
            if (k == 0.9996 && fe == 500000.0 && meridian == zone * 6 - 183) {
                return 32600 + zone;
            }
            throw unknown(field, "a WGS 84 Transverse Mercator that is not a UTM north zone");
        }
        if (k != 1.0) {
            throw unknown(field, "scale factor " + k + " is not that of Gauss–Krüger (1.0)");
        }
        try {
            return gaussKruger(meridian, fe, name);
        } catch (UploadException e) {
            throw unknown(field, e.getMessage());
        }
    }

    /**
     * The Proj4J projection parameters of a PROJCS: Gauss–Krüger / Transverse Mercator, Lambert Conformal
     * Conic (two standard parallels, or one with a scale factor) or Albers.
     */
    private static String projection(Node root, String projection, String field) {
        String origin = " +lat_0=" + number(parameter(root, field, "latitudeoforigin", "latitudeofnaturalorigin",
                "latitudeofcenter", "latitudeoffalseorigin", "standardparallel1"))
                + " +lon_0=" + number(parameter(root, field, "centralmeridian", "longitudeofnaturalorigin",
                "longitudeofcenter", "longitudeoffalseorigin"))
                + " +x_0=" + number(parameter(root, field, "falseeasting", "eastingatfalseorigin"))
                + " +y_0=" + number(parameter(root, field, "falsenorthing", "northingatfalseorigin"));
        Optional<Double> k = optional(root, field, "scalefactor", "scalefactoratnaturalorigin");
        Optional<Double> sp1 = optional(root, field, "standardparallel1", "latitudeof1ststandardparallel");
        Optional<Double> sp2 = optional(root, field, "standardparallel2", "latitudeof2ndstandardparallel");
        if (isTransverseMercator(projection)) {
            return "+proj=tmerc" + origin + " +k=" + number(k.orElse(1.0));
        }
        if (projection.startsWith("lambertconformalconic")) {
            if (sp2.isEmpty()) { // one standard parallel: the origin latitude, with a scale factor
                double lat0 = parameter(root, field, "latitudeoforigin", "latitudeofnaturalorigin",
                        "standardparallel1");
                return "+proj=lcc +lat_1=" + number(lat0) + origin + " +k_0=" + number(k.orElse(1.0));
            }
            return "+proj=lcc +lat_1=" + number(sp1.orElseThrow(() -> unknown(field, "it has no standard_parallel_1"
                    + " parameter"))) + " +lat_2=" + number(sp2.get()) + origin
                    + (k.isPresent() && k.get() != 1.0 ? " +k_0=" + number(k.get()) : "");
        }
        if (projection.equals("albers") || projection.equals("albersconicequalarea")) {
            return "+proj=aea +lat_1=" + number(sp1.orElseThrow(() -> unknown(field, "it has no standard_parallel_1"
                    + " parameter"))) + " +lat_2=" + number(sp2.orElseThrow(() -> unknown(field,
                    "it has no standard_parallel_2 parameter"))) + origin;
        }
        throw unknown(field, "projection '" + root.child("PROJECTION").map(p -> p.text(0)).orElse("(none)")
                + "' is not Gauss–Krüger / Transverse Mercator, Lambert Conformal Conic or Albers");
    }

    /** {@code +a=… +b=…} of a GEOGCS's SPHEROID (Proj4J 1.4.1 misreads {@code +rf}: it takes it as a flattening). */
    private static String ellipsoid(Node geog, String field) {
        Node spheroid = geog.child("DATUM").flatMap(d -> d.child("SPHEROID", "ELLIPSOID"))
                .orElseThrow(() -> unknown(field, "it names no ellipsoid"));
        double a = spheroid.number(1).orElseThrow(() -> unknown(field, "the ellipsoid has no semi-major axis"));
        double rf = spheroid.number(2).orElseThrow(() -> unknown(field, "the ellipsoid has no inverse flattening"));
        if (!(a > 6_000_000 && a < 7_000_000 && rf > 250 && rf < 350)) {
            throw unknown(field, "the ellipsoid (" + a + ", 1/" + rf + ") is not the Earth's");
        }
        return "+a=" + number(a) + " +b=" + number(a * (1 - 1 / rf));
    }

    private static String primeMeridian(Node geog) {
        double pm = geog.child("PRIMEM").flatMap(p -> p.number(1)).orElse(0.0);
        return pm == 0.0 ? "" : " +pm=" + number(pm);
    }

    private static String units(Node root, String field) {
        double unit = root.child("UNIT").flatMap(u -> u.number(1)).orElse(1.0);
        if (!(unit > 0)) {
            throw unknown(field, "its unit is not a length");
        }
        return unit == 1.0 ? " +units=m" : " +to_meter=" + number(unit);
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
        throw UploadException.bad("file.prj", "central meridian " + meridian + "° with false easting " + (long) falseEasting
                + " is not a CGCS2000 Gauss–Krüger zone covering China");
    }

    private static double parameter(Node root, String field, String... names) {
        return optional(root, field, names).orElseThrow(() -> unknown(field, "it has no " + names[0] + " parameter"));
    }

    private static Optional<Double> optional(Node root, String field, String... names) {
        for (String name : names) {
            for (Node p : root.children("PARAMETER")) {
                if (Wkt.normal(p.text(0)).equals(name)) {
                    return Optional.of(p.number(1).orElseThrow(() -> unknown(field,
                            "parameter " + p.text(0) + " has no value")));
                }
            }
        }
        return Optional.empty();
    }

    private static Optional<Integer> authority(Node root) {
        return root.child("AUTHORITY", "ID")
                .filter(a -> a.text(0).equalsIgnoreCase("EPSG"))
                .map(a -> a.args().size() > 1 ? a.args().get(1) : null)
                .map(v -> v instanceof Double d ? d.intValue() : v instanceof String s && s.matches("\\d+")
                        ? Integer.parseInt(s) : null);
    }

    /** A Proj4J system from parameters; any Proj4J error is a 400 naming {@code field}. */
    private static CoordinateReferenceSystem create(String name, String definition, String field) {
        try {
            CoordinateReferenceSystem crs = new CRSFactory().createFromParameters(name.replace(' ', '_'), definition);
            if (crs == null) {
                throw new IllegalStateException("no coordinate system");
            }
            return crs;
        } catch (RuntimeException e) {
            throw UploadException.bad(field, "the coordinate system " + name + " cannot be used: " + e.getMessage());
        }
    }

    /** Shortest exact decimal of a double, without exponent, for proj4 parameters and messages. */
    private static String number(double d) {
        return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d)
                : java.math.BigDecimal.valueOf(d).toPlainString();
    }

    private static UploadException unknown(String field, String why) {
        return UploadException.bad(field, "cannot tell the coordinate system from the "
                + (field.equals("crs") ? "crs option" : ".prj") + ": " + why
                + "; pass crs explicitly, e.g. EPSG:4544");
    }
}
