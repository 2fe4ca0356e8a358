package org.xiangtu.io.upload;

import java.util.List;

/**
 * What reading an upload found and did.
 *
 * @param format geojson, geopackage, shapefile or csv
 * @param sourceCrs the CRS the coordinates came in, e.g. {@code "EPSG:4546"}
 * @param encoding the charset text was decoded with (Shapefile, CSV), else null
 * @param features features returned
 * @param repaired invalid geometries repaired with JTS {@code GeometryFixer}
 * @param dropped features left out because their geometry was empty (or became empty when repaired)
 * @param gcj02Converted whether coordinates were converted from GCJ-02
 * @param warnings things the planner should know, in plain words
 */
public record UploadReport(String format, String sourceCrs, String encoding, int features, int repaired, int dropped,
        boolean gcj02Converted, List<String> warnings) {

    public UploadReport {
        warnings = List.copyOf(warnings);
    }
}
