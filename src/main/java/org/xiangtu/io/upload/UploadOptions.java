package org.xiangtu.io.upload;

/**
 * What the planner said about an upload.
 *
 * @param gcj02 the coordinates are GCJ-02 (Gaode/AMap, Tencent): convert them to CGCS2000
 * @param crs the coordinate system, overriding the {@code .prj}, the GeoJSON {@code crs} member, the
 *     GeoPackage srs, and the CSV default EPSG:4326: an EPSG code such as {@code "EPSG:4546"}, an ESRI code
 *     of Proj4J's table such as {@code "ESRI:102012"}, or WKT (a {@code .prj}'s text); null to use those
 * @param encoding a charset name that overrides the {@code .cpg} and detection (Shapefile, CSV); null to detect
 * @param lonColumn the CSV column with longitude or easting; null to detect lon/lng/longitude/经度/x
 * @param latColumn the CSV column with latitude or northing; null to detect lat/latitude/纬度/y
 * @param towgs84 the datum shift of a Beijing 1954 or Xi'an 1980 source to WGS 84 / CGCS2000, as 3 or 7
 *     comma-separated Helmert parameters (PROJ's {@code +towgs84}); null to apply none (none is published)
 * @param join a CSV without coordinates is a table joined to this public catalogue layer by code (e.g.
 *     {@code towns}): each row takes the geometry of the feature with its code; null for a CSV of points
 * @param joinColumn the CSV column with the codes; null to detect code/代码/编码/区划代码/行政区划代码
 */
public record UploadOptions(boolean gcj02, String crs, String encoding, String lonColumn, String latColumn,
        String towgs84, String join, String joinColumn) {

    /** Options without a datum shift or a join. */
    public UploadOptions(boolean gcj02, String crs, String encoding, String lonColumn, String latColumn) {
        this(gcj02, crs, encoding, lonColumn, latColumn, null, null, null);
    }

    /** Options without a join. */
    public UploadOptions(boolean gcj02, String crs, String encoding, String lonColumn, String latColumn,
            String towgs84) {
        this(gcj02, crs, encoding, lonColumn, latColumn, towgs84, null, null);
    }

    /** Whether a CSV is a table to join to a layer (no coordinates read). */
    public boolean joins() {
        return join != null && !join.isBlank();
    }

    /**
     * A yes/no option as forms and command lines send it: {@code true}, {@code 1}, {@code on}, {@code yes}
     * (any case) are yes; {@code false}, {@code 0}, {@code off}, {@code no}, empty or absent are no; anything
     * else is refused (400 naming the option) rather than read as no.
     */
    public static boolean flag(String raw, String option) {
        String v = raw == null ? "" : raw.strip().toLowerCase(java.util.Locale.ROOT);
        return switch (v) {
            case "true", "1", "on", "yes" -> true;
            case "", "false", "0", "off", "no" -> false;
            default -> throw UploadException.bad(option, "must be true/false (or 1/0, on/off, yes/no), got '"
                    + Texts.singleLine(raw) + "'");
        };
    }

    /** No GCJ-02 conversion, CRS and encoding from the file, CSV columns detected. */
    public static UploadOptions defaults() {
        return new UploadOptions(false, null, null, null, null, null);
    }
}
