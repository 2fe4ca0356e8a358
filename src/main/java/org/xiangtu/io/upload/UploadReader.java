package org.xiangtu.io.upload;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Reads a planner's upload (GeoJSON, GeoPackage, zipped Shapefile, or CSV with lon/lat columns) into
 * features in EPSG:4490 lon/lat, within the given limits. The format comes from the file name's extension,
 * else from the first bytes. Every refusal is an {@link UploadException} with a 400, 413 or 415 status and
 * the field at fault; nothing is written anywhere (zips are read in memory). Thread-safe: no shared state.
 */
public final class UploadReader {
    private static final int COLUMN_MAX = 63;

    private UploadReader() {
    }

    /**
     * Reads an upload.
     *
     * @param fileName the name the planner's file had, used for the format and the suggested layer name
     * @param file where the uploaded bytes are
     * @throws UploadException 413 when a limit is passed, 415 for a type that is not supported, else 400
     */
    public static ParsedUpload read(String fileName, Path file, UploadOptions options, UploadLimits limits)
            throws UploadException {
        return read(fileName, file, options, limits, new Budget(limits));
    }

    /** Reads an upload within a budget whose clock has already started. */
    static ParsedUpload read(String fileName, Path file, UploadOptions options, UploadLimits limits, Budget budget) {
        UploadOptions opts = options == null ? UploadOptions.defaults() : options;
        long size = size(file);
        if (size > limits.maxBytes()) {
            throw UploadException.tooLarge("file", "the file is " + size + " bytes; at most " + limits.maxBytes()
                    + " are allowed");
        }
        if (size == 0) {
            throw UploadException.bad("file", "the file is empty");
        }
        String name = fileName == null ? "" : fileName.replace('\\', '/');
        name = name.substring(name.lastIndexOf('/') + 1);
        String base = name.contains(".") ? name.substring(0, name.lastIndexOf('.')) : name;
        String format = format(name, file);
        RawLayer raw = switch (format == null ? "" : format) {
            case "geojson" -> GeoJsonUpload.read(file, base, budget);
            case "geopackage" -> GeoPackageUpload.read(file, budget);
            case "shapefile" -> ShapefileUpload.read(file, opts, budget, limits);
            case "csv" -> CsvUpload.read(file, base, opts, budget);
            default -> throw new UploadException(415, "file", "'" + name + "' is not a supported upload: send"
                    + " GeoJSON (.geojson/.json), GeoPackage (.gpkg), a zipped Shapefile (.zip) or CSV (.csv)");
        };
        if (raw.name == null || raw.name.isBlank()) {
            raw.name = base;
        }
        return LayerFinisher.finish(raw, opts, budget);
    }

    /**
     * A column name for a field name that every store, the OGC API and every export can carry as it is:
     * letters of any script (a Chinese name stays Chinese: 村名, 户数), digits and underscores, lower-case,
     * starting with a letter, at most 63 bytes in UTF-8 (PostgreSQL's identifier limit; 21 Chinese
     * characters); anything else becomes one underscore; {@code "f"} when nothing usable is left (use
     * {@link #columnNames} to number those {@code f1}, {@code f2}, …). The original name is kept as the title.
     */
    public static String columnName(String fieldName) {
        String s = fieldName == null ? "" : fieldName.strip().toLowerCase(Locale.ROOT)
                .replaceAll("[^\\p{L}\\p{N}]+", "_").replaceAll("^_+|_+$", "");
        if (s.isEmpty()) {
            return "f";
        }
        if (!Character.isLetter(s.codePointAt(0))) {
            s = "f" + s;
        }
        return org.xiangtu.io.Utf8.cut(s, COLUMN_MAX);
    }

    /**
     * Safe, distinct column names for fields in order: {@link #columnName} of each, with fields that keep no
     * letter or digit named {@code f} + their 1-based position, and any repeat given a {@code _2}, {@code _3} … suffix.
     */
    public static List<String> columnNames(List<UploadField> fields) {
        List<String> out = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < fields.size(); i++) {
            String c = columnName(fields.get(i).name());
            String base = c.equals("f") ? "f" + (i + 1) : c;
            String name = base;
            for (int k = 2; !seen.add(name); k++) {
                name = base + "_" + k;
            }
            out.add(name);
        }
        return out;
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new UploadException(400, "file", "the upload cannot be read", e);
        }
    }

    /** geojson, geopackage, shapefile, csv, or null. */
    static String format(String name, Path file) {
        String lower = name.toLowerCase(Locale.ROOT);
        if (lower.endsWith(".geojson") || lower.endsWith(".json")) {
            return "geojson";
        }
        if (lower.endsWith(".gpkg")) {
            return "geopackage";
        }
        if (lower.endsWith(".zip")) {
            return "shapefile";
        }
        if (lower.endsWith(".csv")) {
            return "csv";
        }
        if (lower.endsWith(".shp") || lower.endsWith(".dbf") || lower.endsWith(".shx") || lower.endsWith(".prj")) {
            throw new UploadException(415, "file", "a Shapefile is several files: zip the .shp, .shx, .dbf, .prj"
                    + " and .cpg together and upload the .zip");
        }
        return lower.contains(".") ? null : sniff(file);
    }

    private static String sniff(Path file) {
        byte[] head = new byte[16];
        int n;
        try (InputStream in = Files.newInputStream(file)) {
            n = in.readNBytes(head, 0, head.length);
        } catch (IOException e) {
            throw new UploadException(400, "file", "the upload cannot be read", e);
        }
        String text = new String(head, 0, n, java.nio.charset.StandardCharsets.ISO_8859_1);
        if (text.startsWith("PK\u0003\u0004")) {
            return "shapefile";
        }
        if (text.startsWith("SQLite format 3")) {
            return "geopackage";
        }
        return text.replace("\uFEFF", "").replace("ï»¿", "").stripLeading().startsWith("{") ? "geojson" : null;
    }
}
