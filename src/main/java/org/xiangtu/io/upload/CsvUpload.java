package org.xiangtu.io.upload;

import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.xiangtu.catalog.FieldType;
import org.xiangtu.catalog.GeometryKind;
import org.xiangtu.store.Feature;
import org.xiangtu.store.FeatureSource;

/**
 * A CSV table of points: UTF-8 (with or without BOM), else GBK; comma, semicolon or tab separated
 * (RFC 4180 quoting); one longitude and one latitude column (named by the options or detected) become
 * the point, in EPSG:4326 unless the options name another CRS; other columns are typed by inference
 * from every row, so the features are held until the file is read.
 */
public final class CsvUpload {
    private static final List<String> LON = List.of("lon", "lng", "long", "longitude", "经度", "x");
    private static final List<String> LAT = List.of("lat", "latitude", "纬度", "y");

    private CsvUpload() {
    }

    static RawLayer read(Path file, String baseName, UploadOptions options, Budget budget) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UploadException(400, "file", "the file cannot be read", e);
        }
        RawLayer layer = new RawLayer("csv", baseName);
        layer.crs = SourceCrs.WGS84;
        int start = 0;
        Charset cs;
        if (options.encoding() != null && !options.encoding().isBlank()) {
            cs = Texts.named(options.encoding(), "encoding");
        } else if (bytes.length >= 3 && (bytes[0] & 0xFF) == 0xEF && (bytes[1] & 0xFF) == 0xBB && (bytes[2] & 0xFF) == 0xBF) {
            cs = StandardCharsets.UTF_8;
            start = 3;
        } else if (Texts.isUtf8(bytes, 0, bytes.length)) {
            cs = StandardCharsets.UTF_8;
        } else {
            cs = Texts.GBK;
            layer.warnings.add("the CSV is not UTF-8: read as GBK");
        }
        layer.encoding = Texts.label(cs);
        String text = new String(bytes, start, bytes.length - start, cs);
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        List<List<String>> records = parse(text, delimiter(text), budget);
        if (records.isEmpty()) {
            throw UploadException.bad("file", "the CSV has no header row");
        }
        List<String> header = names(records.get(0));
        // a table to join by code (options.join) has no coordinates: its rows get their geometry afterwards
        int lon = options.joins() ? -1 : column(header, options.lonColumn(), LON, "lon");
        int lat = options.joins() ? -1 : column(header, options.latColumn(), LAT, "lat");
        List<List<String>> rows = records.subList(1, records.size());
        List<FieldType> types = new ArrayList<>();
        List<FeatureSource.Field> fields = new ArrayList<>();
        for (int c = 0; c < header.size(); c++) {
            TypeGuess guess = new TypeGuess();
            for (List<String> row : rows) {
                guess.add(c < row.size() ? row.get(c) : null);
            }
            types.add(guess.type());
            if (c != lon && c != lat) {
                fields.add(new FeatureSource.Field(header.get(c), guess.type()));
            }
        }
        List<Feature> features = new ArrayList<>(rows.size());
        for (int r = 0; r < rows.size(); r++) {
            List<String> row = rows.get(r);
            Map<String, Object> values = new LinkedHashMap<>();
            for (int c = 0; c < header.size(); c++) {
                if (c != lon && c != lat) {
                    values.put(header.get(c), TypeGuess.convert(c < row.size() ? row.get(c) : null, types.get(c)));
                }
            }
            features.add(new Feature(null, lon < 0 ? null : point(row, lon, lat, r + 2, budget), values));
        }
        layer.features = FeatureSource.of("csv", lon < 0 ? GeometryKind.NONE : GeometryKind.POINT, fields, features);
        return layer;
    }

    private static Geometry point(List<String> row, int lon, int lat, int line, Budget budget) {
        String x = lon < row.size() ? row.get(lon).strip() : "";
        String y = lat < row.size() ? row.get(lat).strip() : "";
        if (x.isEmpty() && y.isEmpty()) {
            return null;
        }
        budget.vertices(1);
        return RawLayer.SOURCE.createPoint(new Coordinate(number(x, "lon", line), number(y, "lat", line)));
    }

    private static double number(String s, String field, int line) {
        try {
            double d = Double.parseDouble(s);
            if (Double.isFinite(d)) {
                return d;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw UploadException.bad(field, "row " + line + ": '" + s + "' is not a number");
    }

    private static int column(List<String> header, String chosen, List<String> candidates, String field) {
        if (chosen != null && !chosen.isBlank()) {
            int i = header.indexOf(chosen.strip());
            if (i < 0) {
                throw UploadException.bad(field, "the CSV has no column '" + chosen + "'");
            }
            return i;
        }
        for (String name : candidates) {
            for (int i = 0; i < header.size(); i++) {
                if (header.get(i).strip().toLowerCase(Locale.ROOT).equals(name)) {
                    return i;
                }
            }
        }
        throw UploadException.bad(field, "no " + (field.equals("lon") ? "longitude" : "latitude")
                + " column found (looked for " + String.join(", ", candidates) + "); name it in the option '" + field
                + "', or give 'join' to import a table without coordinates joined to a layer by code");
    }

    private static List<String> names(List<String> raw) {
        List<String> out = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < raw.size(); i++) {
            String base = raw.get(i).strip().isEmpty() ? "field_" + (i + 1) : raw.get(i).strip();
            String name = base;
            for (int k = 2; !seen.add(name); k++) {
                name = base + "_" + k;
            }
            out.add(name);
        }
        return out;
    }

    private static char delimiter(String text) {
        int end = text.indexOf('\n');
        String first = end < 0 ? text : text.substring(0, end);
        char best = ',';
        long most = first.chars().filter(ch -> ch == ',').count();
        for (char d : new char[] {';', '\t'}) {
            long n = first.chars().filter(ch -> ch == d).count();
            if (n > most) {
                best = d;
                most = n;
            }
        }
        return best;
    }

    /** A CSV table without geometry: its encoding (UTF-8, else GBK) and its records, the header first. */
    public record Table(String encoding, List<List<String>> records) {
    }

    /**
     * Reads a plain CSV table (a department's list of household codes, say) the way a CSV upload is read:
     * UTF-8 with or without BOM, else GBK; comma, semicolon or tab; records counted against the limits.
     *
     * @throws UploadException 400/413 naming {@code file} when the table is empty or over the limits
     */
    public static Table table(byte[] bytes, UploadLimits limits) {
        Budget budget = new Budget(limits);
        int start = 0;
        Charset cs;
        if (bytes.length >= 3 && (bytes[0] & 0xFF) == 0xEF && (bytes[1] & 0xFF) == 0xBB && (bytes[2] & 0xFF) == 0xBF) {
            cs = StandardCharsets.UTF_8;
            start = 3;
        } else {
            cs = Texts.isUtf8(bytes, 0, bytes.length) ? StandardCharsets.UTF_8 : Texts.GBK;
        }
        String text = new String(bytes, start, bytes.length - start, cs);
        List<List<String>> records = parse(text, delimiter(text), budget);
        if (records.isEmpty()) {
            throw UploadException.bad("file", "the CSV has no header row");
        }
        return new Table(Texts.label(cs), records);
    }

    /** RFC 4180 records; blank lines are skipped. Each data record counts as a feature. */
    static List<List<String>> parse(String text, char delimiter, Budget budget) {
        List<List<String>> out = new ArrayList<>();
        List<String> record = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        boolean any = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
                    cell.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    cell.append(c);
                }
            } else if (c == '"') {
                quoted = true;
                any = true;
            } else if (c == delimiter) {
                record.add(cell.toString());
                cell.setLength(0);
                any = true;
            } else if (c == '\n' || c == '\r') {
                if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
                    i++;
                }
                any = endRecord(out, record, cell, any, budget);
                record = new ArrayList<>();
            } else {
                cell.append(c);
                any = true;
            }
        }
        if (quoted) {
            throw UploadException.bad("file", "the CSV ends inside a quoted value");
        }
        endRecord(out, record, cell, any, budget);
        return out;
    }

    private static boolean endRecord(List<List<String>> out, List<String> record, StringBuilder cell, boolean any,
            Budget budget) {
        if (any) {
            record.add(cell.toString());
            if (!out.isEmpty()) {
                budget.feature();
            }
            out.add(record);
        }
        cell.setLength(0);
        return false;
    }
}
