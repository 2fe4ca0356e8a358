package org.xiangtu.io.export;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.locationtech.jts.algorithm.Orientation;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.LineString;
import org.locationtech.jts.geom.Point;
import org.locationtech.jts.geom.Polygon;
import org.xiangtu.catalog.FieldType;
import org.xiangtu.io.Utf8;
import org.xiangtu.store.Feature;

/**
 * An ESRI Shapefile, zipped: {@code <name>.shp}, {@code .shx}, {@code .dbf} (dBASE III, text in UTF-8),
 * {@code .cpg} ({@code UTF-8}, so GDAL and QGIS read Chinese names and values) and {@code .prj} (CGCS2000,
 * ESRI WKT). Points are Point shapes; lines PolyLine; polygons Polygon with outer rings clockwise and holes
 * counter-clockwise, as the format wants; a feature without geometry is a Null shape; a layer without
 * geometry has only Null shapes. The format's own limits apply and are kept visibly: a column name is at most
 * 10 bytes (a Chinese name keeps its first three characters; clashes get a number), a text value at most 254
 * bytes (cut at a character), and a layer that mixes geometry types cannot be one Shapefile
 * ({@link IllegalArgumentException}).
 */
final class ShapefileExportWriter {
    /** CGCS2000 lon/lat as GDAL writes its {@code .prj}. */
    static final String PRJ = "GEOGCS[\"GCS_China_Geodetic_Coordinate_System_2000\",DATUM[\"D_China_2000\","
            + "SPHEROID[\"CGCS2000\",6378137.0,298.257222101]],PRIMEM[\"Greenwich\",0.0],"
            + "UNIT[\"Degree\",0.0174532925199433]]";
    private static final int NAME_BYTES = 10;
    private static final int TEXT_BYTES = 254;

    private record Column(ExportField field, String name, char type, int length, int decimals) {
    }

    private ShapefileExportWriter() {
    }

    static void write(ExportLayer layer, OutputStream out) throws IOException {
        int shapeType = switch (layer.geometryKind()) {
            case POINT -> 1;
            case MULTILINESTRING -> 3;
            case MULTIPOLYGON -> 5;
            case NONE -> 0;
            default -> throw new IllegalArgumentException("a layer of mixed geometry types cannot be one Shapefile:"
                    + " export it as GeoPackage or GeoJSON");
        };
        List<Column> columns = columns(layer);
        ByteArrayOutputStream shp = new ByteArrayOutputStream();
        ByteArrayOutputStream shx = new ByteArrayOutputStream();
        Envelope box = new Envelope();
        List<byte[]> records = new ArrayList<>(layer.features().size());
        for (Feature f : layer.features()) {
            byte[] content = shape(f.geometry(), shapeType);
            records.add(content);
            if (f.geometry() != null && !f.geometry().isEmpty()) {
                box.expandToInclude(f.geometry().getEnvelopeInternal());
            }
        }
        int offset = 50; // 16-bit words: after the 100-byte header
        header(shp, shapeType, box, 50 + records.stream().mapToInt(r -> 4 + r.length / 2).sum());
        header(shx, shapeType, box, 50 + 4 * records.size());
        for (int i = 0; i < records.size(); i++) {
            byte[] r = records.get(i);
            ByteBuffer rh = ByteBuffer.allocate(8).order(ByteOrder.BIG_ENDIAN).putInt(i + 1).putInt(r.length / 2);
            shp.write(rh.array());
            shp.write(r);
            shx.write(ByteBuffer.allocate(8).order(ByteOrder.BIG_ENDIAN).putInt(offset).putInt(r.length / 2).array());
            offset += 4 + r.length / 2;
        }
        ZipOutputStream zip = new ZipOutputStream(out, StandardCharsets.UTF_8);
        entry(zip, layer.name() + ".shp", shp.toByteArray());
        entry(zip, layer.name() + ".shx", shx.toByteArray());
        entry(zip, layer.name() + ".dbf", dbf(layer, columns));
        entry(zip, layer.name() + ".cpg", "UTF-8".getBytes(StandardCharsets.US_ASCII));
        entry(zip, layer.name() + ".prj", PRJ.getBytes(StandardCharsets.US_ASCII));
        zip.finish();
    }

    private static void entry(ZipOutputStream zip, String name, byte[] data) throws IOException {
        zip.putNextEntry(new ZipEntry(name));
        zip.write(data);
        zip.closeEntry();
    }

    private static void header(ByteArrayOutputStream out, int shapeType, Envelope box, int words) {
        ByteBuffer b = ByteBuffer.allocate(100);
        b.order(ByteOrder.BIG_ENDIAN).putInt(9994).position(24);
        b.putInt(words);
        b.order(ByteOrder.LITTLE_ENDIAN).putInt(1000).putInt(shapeType);
        boolean empty = box.isNull();
        b.putDouble(empty ? 0 : box.getMinX()).putDouble(empty ? 0 : box.getMinY())
                .putDouble(empty ? 0 : box.getMaxX()).putDouble(empty ? 0 : box.getMaxY());
        out.writeBytes(b.array());
    }

    /** A record's content (little-endian), a Null shape for no geometry. */
    private static byte[] shape(Geometry g, int shapeType) {
        if (g == null || g.isEmpty() || shapeType == 0) {
            return ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(0).array();
        }
        if (shapeType == 1) {
            Point p = g instanceof Point point ? point : g.getInteriorPoint();
            return ByteBuffer.allocate(20).order(ByteOrder.LITTLE_ENDIAN).putInt(1).putDouble(p.getX())
                    .putDouble(p.getY()).array();
        }
        List<Coordinate[]> parts = new ArrayList<>();
        for (int i = 0; i < g.getNumGeometries(); i++) {
            Geometry member = g.getGeometryN(i);
            if (shapeType == 3 && member instanceof LineString l) {
                parts.add(l.getCoordinates());
            } else if (shapeType == 5 && member instanceof Polygon p) {
                parts.add(oriented(p.getExteriorRing().getCoordinates(), false));
                for (int h = 0; h < p.getNumInteriorRing(); h++) {
                    parts.add(oriented(p.getInteriorRingN(h).getCoordinates(), true));
                }
            } else {
                throw new IllegalArgumentException("a " + member.getGeometryType() + " in a layer of "
                        + (shapeType == 3 ? "lines" : "polygons") + " cannot be written to a Shapefile");
            }
        }
        int points = parts.stream().mapToInt(p -> p.length).sum();
        ByteBuffer b = ByteBuffer.allocate(44 + 4 * parts.size() + 16 * points).order(ByteOrder.LITTLE_ENDIAN);
        Envelope e = g.getEnvelopeInternal();
        b.putInt(shapeType).putDouble(e.getMinX()).putDouble(e.getMinY()).putDouble(e.getMaxX())
                .putDouble(e.getMaxY()).putInt(parts.size()).putInt(points);
        int start = 0;
        for (Coordinate[] part : parts) {
            b.putInt(start);
            start += part.length;
        }
        for (Coordinate[] part : parts) {
            for (Coordinate c : part) {
                b.putDouble(c.x).putDouble(c.y);
            }
        }
        return b.array();
    }

    /** A ring clockwise (outer) or counter-clockwise (hole), as the Shapefile format orders them. */
    private static Coordinate[] oriented(Coordinate[] ring, boolean counterClockwise) {
        if (Orientation.isCCW(ring) == counterClockwise) {
            return ring;
        }
        Coordinate[] r = ring.clone();
        java.util.Collections.reverse(java.util.Arrays.asList(r));
        return r;
    }

    /** The dBASE columns: {@code id} first, then the fields, named within 10 bytes and sized to their values. */
    private static List<Column> columns(ExportLayer layer) {
        List<Column> out = new ArrayList<>();
        Set<String> taken = new HashSet<>();
        taken.add("id");
        int idLength = 1;
        for (Feature f : layer.features()) {
            idLength = Math.max(idLength, bytes(f.id()).length);
        }
        out.add(new Column(null, "id", 'C', Math.min(TEXT_BYTES, idLength), 0));
        for (ExportField field : layer.fields()) {
            String name = name(field.name(), taken);
            int length = 1;
            int decimals = 0;
            for (Feature f : layer.features()) {
                Object v = ExportValues.value(f, field);
                if (v == null) {
                    continue;
                }
                if (field.type() == FieldType.NUMBER) {
                    String s = plain((Double) v);
                    int dot = s.indexOf('.');
                    decimals = Math.min(15, Math.max(decimals, dot < 0 ? 0 : s.length() - dot - 1));
                    length = Math.max(length, dot < 0 ? s.length() : dot);
                } else {
                    length = Math.max(length, text(field.type(), v).length);
                }
            }
            out.add(switch (field.type()) {
                case STRING -> new Column(field, name, 'C', Math.min(TEXT_BYTES, length), 0);
                case INTEGER -> new Column(field, name, 'N', Math.max(length, 1), 0);
                case NUMBER -> new Column(field, name, 'N', Math.min(TEXT_BYTES, length + (decimals > 0 ? decimals + 1 : 0)),
                        decimals);
                case BOOLEAN -> new Column(field, name, 'L', 1, 0);
                case DATE -> new Column(field, name, 'D', 8, 0);
            });
        }
        return out;
    }

    /** A column name within 10 bytes of UTF-8, never a character cut in half, unique (a number added). */
    static String name(String wanted, Set<String> taken) {
        String base = Utf8.cut(wanted, NAME_BYTES);
        String name = base;
        for (int k = 2; !taken.add(name.toLowerCase(java.util.Locale.ROOT)); k++) {
            String suffix = "_" + k;
            name = Utf8.cut(wanted, NAME_BYTES - suffix.length()) + suffix;
        }
        return name;
    }

    private static byte[] dbf(ExportLayer layer, List<Column> columns) {
        int recordLength = 1 + columns.stream().mapToInt(Column::length).sum();
        int headerLength = 32 + 32 * columns.size() + 1;
        ByteBuffer h = ByteBuffer.allocate(32).order(ByteOrder.LITTLE_ENDIAN);
        LocalDate today = LocalDate.now(java.time.ZoneOffset.UTC);
        h.put((byte) 3).put((byte) (today.getYear() - 1900)).put((byte) today.getMonthValue())
                .put((byte) today.getDayOfMonth()).putInt(layer.features().size()).putShort((short) headerLength)
                .putShort((short) recordLength);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(h.array());
        for (Column c : columns) {
            byte[] d = new byte[32];
            byte[] n = bytes(c.name());
            System.arraycopy(n, 0, d, 0, Math.min(n.length, NAME_BYTES));
            d[11] = (byte) c.type();
            d[16] = (byte) c.length();
            d[17] = (byte) c.decimals();
            out.writeBytes(d);
        }
        out.write(0x0D);
        for (Feature f : layer.features()) {
            out.write(' ');
            for (Column c : columns) {
                Object v = c.field() == null ? f.id() : ExportValues.value(f, c.field());
                byte[] cell = new byte[c.length()];
                java.util.Arrays.fill(cell, (byte) ' ');
                if (v != null) {
                    byte[] t = c.type() == 'N' && c.field().type() == FieldType.NUMBER
                            ? String.format(java.util.Locale.ROOT, "%" + c.length() + "." + c.decimals() + "f",
                                    new BigDecimal(plain((Double) v))).getBytes(StandardCharsets.US_ASCII)
                            : c.type() == 'N' ? pad(v.toString(), c.length())
                            : text(c.field() == null ? FieldType.STRING : c.field().type(), v);
                    System.arraycopy(t, 0, cell, 0, Math.min(t.length, cell.length));
                }
                out.writeBytes(cell);
            }
        }
        out.write(0x1A);
        return out.toByteArray();
    }

    /** A number right-aligned in its width, as dBASE writes numbers. */
    private static byte[] pad(String s, int width) {
        return (" ".repeat(Math.max(0, width - s.length())) + s).getBytes(StandardCharsets.US_ASCII);
    }

    /** A value's bytes in its column: text cut at a character within 254 bytes, dates YYYYMMDD, booleans T/F. */
    private static byte[] text(FieldType type, Object v) {
        return switch (type) {
            case DATE -> v.toString().replace("-", "").getBytes(StandardCharsets.US_ASCII);
            case BOOLEAN -> (Boolean.TRUE.equals(v) ? "T" : "F").getBytes(StandardCharsets.US_ASCII);
            default -> bytes(Utf8.cut(v.toString(), TEXT_BYTES));
        };
    }

    private static String plain(Double d) {
        return new BigDecimal(Double.toString(d)).stripTrailingZeros().toPlainString();
    }

    private static byte[] bytes(String s) {
        return s == null ? new byte[0] : s.getBytes(StandardCharsets.UTF_8);
    }
}
