package org.xiangtu.io.export;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.Point;
import org.locationtech.jts.io.OrdinateFormat;
import org.locationtech.jts.io.WKTWriter;
import org.xiangtu.catalog.FieldType;
import org.xiangtu.catalog.GeometryKind;
import org.xiangtu.store.Feature;

/**
 * Writes an export as CSV for Excel and GDAL: UTF-8 with a byte order mark (EF BB BF, without which
 * Excel reads the file as the local ANSI code page and garbles Chinese), RFC 4180 fields and CRLF line ends.
 *
 * <p>Columns: {@code id}, one per field, then {@code wkt} (the geometry as 2D WKT in EPSG:4490, lon
 * lat order; empty for a missing geometry), and for point layers also {@code lon} and {@code lat} so an
 * Excel user can sort and filter by position. A layer without geometry has neither.
 *
 * <p><b>Header decision:</b> a field with a title is headed {@code name（title）}, e.g.
 * {@code population（人口）}, with full-width brackets; a field without a title by its name alone. The
 * Excel users this file is for read the Chinese title; the name in front keeps every header unique
 * and ASCII-first, so scripts and GDAL (which uses the header as the field name) still tell the columns
 * apart. {@code id}, {@code wkt}, {@code lon} and {@code lat} stay bare so GDAL's CSV driver recognises
 * the {@code wkt} column as the geometry.
 *
 * <p><b>Values:</b> integers as digits, numbers as plain decimals (no exponent), booleans as
 * {@code true}/{@code false}, dates as {@code YYYY-MM-DD}, absent values as an empty field.
 *
 * <p><b>Formula injection guard:</b> a text cell (the id and every STRING field) that starts with
 * {@code =}, {@code +}, {@code -}, {@code @}, a tab or a carriage return gets a leading apostrophe
 * {@code '}, so Excel and LibreOffice show it as text instead of running it as a formula (OWASP "CSV
 * Injection"). The apostrophe stays in the file, so a text value like {@code -3} reads back as
 * {@code '-3}; numeric fields are typed and never guarded.
 */
final class CsvExportWriter {
    private static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
    private static final String CRLF = "\r\n";

    private CsvExportWriter() {
    }

    static void write(ExportLayer layer, OutputStream out) throws IOException {
        out.write(BOM);
        Writer w = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8));
        boolean spatial = layer.geometryKind().isSpatial();
        boolean points = layer.geometryKind() == GeometryKind.POINT;
        writeRow(w, header(layer));
        WKTWriter wkt = new WKTWriter(2);
        List<String> row = new ArrayList<>();
        for (Feature f : layer.features()) {
            row.clear();
            row.add(text(f.id()));
            for (ExportField field : layer.fields()) {
                row.add(cell(field.type(), ExportValues.value(f, field)));
            }
            if (spatial) {
                Geometry g = f.geometry();
                row.add(g == null ? "" : wkt.write(g));
                if (points) {
                    boolean has = g instanceof Point p && !p.isEmpty();
                    row.add(has ? OrdinateFormat.DEFAULT.format(((Point) g).getX()) : "");
                    row.add(has ? OrdinateFormat.DEFAULT.format(((Point) g).getY()) : "");
                }
            }
            writeRow(w, row);
        }
        w.flush();
    }

    /** The header row; see the class comment for why titles appear as {@code name（title）}. */
    static List<String> header(ExportLayer layer) {
        List<String> h = new ArrayList<>();
        h.add("id");
        for (ExportField f : layer.fields()) {
            h.add(f.title() == null ? f.name() : f.name() + "（" + f.title() + "）");
        }
        if (layer.geometryKind().isSpatial()) {
            h.add("wkt");
            if (layer.geometryKind() == GeometryKind.POINT) {
                h.add("lon");
                h.add("lat");
            }
        }
        return h;
    }

    private static String cell(FieldType type, Object v) {
        if (v == null) {
            return "";
        }
        return switch (type) {
            case STRING -> text((String) v);
            case NUMBER -> ExportValues.plain((Double) v);
            default -> v.toString();
        };
    }

    /** A text cell with the formula injection guard applied. */
    static String text(String s) {
        if (!s.isEmpty() && "=+-@\t\r".indexOf(s.charAt(0)) >= 0) {
            return "'" + s;
        }
        return s;
    }

    private static void writeRow(Writer w, List<String> cells) throws IOException {
        for (int i = 0; i < cells.size(); i++) {
            if (i > 0) {
                w.write(',');
            }
            w.write(quote(cells.get(i)));
        }
        w.write(CRLF);
    }

    /** RFC 4180: a field holding a quote, comma, CR or LF is enclosed in quotes, inner quotes doubled. */
    static String quote(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == ',' || c == '\r' || c == '\n') {
                return '"' + s.replace("\"", "\"\"") + '"';
            }
        }
        return s;
    }
}
