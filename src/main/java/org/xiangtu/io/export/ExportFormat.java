package org.xiangtu.io.export;

import java.util.Locale;
import java.util.Optional;

/** The file formats a planner can export a layer, a filter result or a drawn selection to. */
public enum ExportFormat {
    /** RFC 7946 GeoJSON FeatureCollection. */
    GEOJSON("geojson", "application/geo+json; charset=utf-8"),
    /** OGC GeoPackage 1.3 (opens in GDAL 3.6 and QGIS without warnings). */
    GEOPACKAGE("gpkg", "application/geopackage+sqlite3"),
    /** RFC 4180 CSV in UTF-8 with a byte order mark, for Excel. */
    CSV("csv", "text/csv; charset=utf-8"),
    /** A zipped ESRI Shapefile (.shp, .shx, .dbf in UTF-8 with its .cpg, .prj), for older desktop GIS. */
    SHAPEFILE("zip", "application/zip");

    private final String extension;
    private final String contentType;

    ExportFormat(String extension, String contentType) {
        this.extension = extension;
        this.contentType = contentType;
    }

    /** The file name extension, without the dot. */
    public String extension() {
        return extension;
    }

    /** The HTTP {@code Content-Type}, with a charset for the text formats. */
    public String contentType() {
        return contentType;
    }

    /**
     * The format named by {@code s}: its extension or enum name, case-insensitive and trimmed, plus the
     * aliases {@code json} and {@code geopackage}; empty for null or anything else.
     */
    public static Optional<ExportFormat> parse(String s) {
        if (s == null) {
            return Optional.empty();
        }
        String key = s.trim().toLowerCase(Locale.ROOT);
        for (ExportFormat f : values()) {
            if (f.extension.equals(key) || f.name().toLowerCase(Locale.ROOT).equals(key)) {
                return Optional.of(f);
            }
        }
        return switch (key) {
            case "json" -> Optional.of(GEOJSON);
            case "shp" -> Optional.of(SHAPEFILE);
            default -> Optional.empty();
        };
    }
}
