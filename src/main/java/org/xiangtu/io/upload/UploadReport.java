package org.xiangtu.io.upload;

import java.util.List;

/**
 * What reading an upload found and did.
 *
 * @param format geojson, geopackage, shapefile or csv
 * @param sourceCrs the CRS the coordinates came in, e.g. {@code "EPSG:4546"}, {@code "ESRI:102012"} or the
 *     name in the WKT, e.g. {@code "Beijing_1954_3_Degree_GK_CM_105E"}
 * @param datumShift null when the source is WGS 84 or CGCS2000; {@code "none"} when a Beijing 1954 or Xi'an
 *     1980 source was taken as CGCS2000 without a shift (a warning says how far off that may be);
 *     {@code "towgs84=…"} with the parameters applied (given, or from the EPSG/ESRI table for other datums)
 * @param encoding the charset text was decoded with (Shapefile, CSV), else null
 * @param features features returned
 * @param repaired invalid geometries repaired with JTS {@code GeometryFixer}
 * @param repairs the first {@link #REPAIRS_LISTED} of them: which feature, and why it was invalid
 * @param repairsNotListed how many repaired geometries are not in {@code repairs}
 * @param dropped features left out because their geometry was empty (or became empty when repaired)
 * @param gcj02Converted whether coordinates were converted from GCJ-02
 * @param warnings things the planner should know, in plain words
 */
public record UploadReport(String format, String sourceCrs, String datumShift, String encoding, int features,
        int repaired, List<Repair> repairs, int repairsNotListed, int dropped, boolean gcj02Converted,
        List<String> warnings) {
    /** At most this many repairs are listed, so that a badly drawn layer still gives a short report. */
    public static final int REPAIRS_LISTED = 100;

    public UploadReport {
        repairs = List.copyOf(repairs);
        warnings = List.copyOf(warnings);
    }

    /**
     * One repaired geometry.
     *
     * @param index the feature's position in the file, from 0, counting every record read (GDAL's FID for a
     *     Shapefile)
     * @param id the feature's own id where the format has one (GeoJSON {@code id}, GeoPackage primary key),
     *     else null
     * @param before why JTS {@code IsValidOp} found it invalid, e.g. {@code "Self-intersection at (106.05 29.85)"},
     *     in CGCS2000 lon/lat
     * @param after {@code "valid"}, or {@code "empty: dropped"} when nothing was left
     */
    public record Repair(int index, Object id, String before, String after) {
    }
}
