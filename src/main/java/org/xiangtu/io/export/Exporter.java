package org.xiangtu.io.export;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;

/**
 * Writes a layer, a filter result or a drawn selection as GeoJSON, GeoPackage or CSV (see
 * {@link GeoJsonExportWriter}, {@link GeoPackageExportWriter}, {@link CsvExportWriter} for each
 * format's exact shape) and names the download. Knows nothing about HTTP or the audit log: the caller
 * sets the headers from {@link ExportFormat#contentType()} and {@link #contentDisposition} and records
 * the export. Static and thread-safe.
 */
public final class Exporter {
    private static final int MAX_TITLE_CODE_POINTS = 60;

    private Exporter() {
    }

    /**
     * Writes the layer in the format to {@code out}, which is flushed but not closed. Every value is
     * checked against its field's type first, so a bad value is an {@link IllegalArgumentException}
     * (naming the feature and field) before anything is written; so is, for GEOPACKAGE, a geometry
     * that does not fit the layer's geometry kind. GEOPACKAGE writes a temporary file, streams it and
     * deletes it; the other formats stream directly.
     */
    public static void write(ExportLayer layer, ExportFormat format, OutputStream out) throws IOException {
        ExportValues.check(layer);
        switch (format) {
            case GEOJSON -> GeoJsonExportWriter.write(layer, out);
            case GEOPACKAGE -> GeoPackageExportWriter.write(layer, out);
            case CSV -> CsvExportWriter.write(layer, out);
            case SHAPEFILE -> ShapefileExportWriter.write(layer, out);
        }
        out.flush();
    }

    /**
     * The value of a {@code Content-Disposition} header for the download: {@code attachment} with an
     * ASCII {@code filename} ({@code <name>_<date>.<ext>}, e.g. {@code villages_2026-11-28.gpkg}) that
     * every client understands, and, when the layer has a title, an RFC 5987/6266 {@code filename*}
     * with the title instead of the name ({@code 行政村_2026-11-28.gpkg}, UTF-8, percent-encoded) that
     * browsers prefer. Characters not allowed in Windows file names are replaced with {@code _} and the
     * title is cut to 60 characters.
     */
    public static String contentDisposition(ExportLayer layer, ExportFormat format, LocalDate date) {
        String suffix = "_" + date + "." + format.extension();
        StringBuilder h = new StringBuilder("attachment; filename=\"").append(layer.name()).append(suffix).append('"');
        String title = safeTitle(layer.title());
        if (!title.isEmpty()) {
            h.append("; filename*=UTF-8''").append(percentEncode(title + suffix));
        }
        return h.toString();
    }

    /** The title as a file name part: no path separators, reserved or control characters, trimmed and cut short. */
    static String safeTitle(String title) {
        if (title == null) {
            return "";
        }
        StringBuilder sb = new StringBuilder();
        title.strip().codePoints().limit(MAX_TITLE_CODE_POINTS).forEach(cp -> {
            boolean bad = cp < 0x20 || cp == 0x7f || "\\/:*?\"<>|".indexOf(cp) >= 0 || Character.isWhitespace(cp);
            sb.appendCodePoint(bad ? '_' : cp);
        });
        return sb.toString().replaceAll("^[._]+|[._]+$", "");
    }

    /** RFC 5987 value-chars: attr-char as is, everything else as %XX of its UTF-8 bytes. */
    static String percentEncode(String s) {
        StringBuilder sb = new StringBuilder();
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || "!#$&+-.^_`|~".indexOf(c) >= 0) {
                sb.append((char) c);
            } else {
                sb.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return sb.toString();
    }
}
