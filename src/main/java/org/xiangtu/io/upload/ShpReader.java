package org.xiangtu.io.upload;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import org.locationtech.jts.algorithm.Orientation;
import org.locationtech.jts.algorithm.PointLocation;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.LineString;
import org.locationtech.jts.geom.LinearRing;
import org.locationtech.jts.geom.Polygon;

/**
 * The geometries of a {@code .shp}, one per record, in file order: point, multipoint, polyline and polygon,
 * with their Z and M variants (Z and M are ignored). Polygon rings become shells (clockwise, as the format
 * says) and holes (counter-clockwise), each hole put in the smallest shell that contains it. Vertices are
 * counted against the budget before any are read.
 */
final class ShpReader {
    private static final int FILE_CODE = 9994;
    private final ByteBuffer buf;
    private final Budget budget;
    private final GeometryFactory factory = RawLayer.SOURCE;
    private final List<String> warnings;

    ShpReader(byte[] data, Budget budget, List<String> warnings) {
        this.buf = ByteBuffer.wrap(data);
        this.budget = budget;
        this.warnings = warnings;
        if (data.length < 100 || buf.order(ByteOrder.BIG_ENDIAN).getInt(0) != FILE_CODE) {
            throw bad("the .shp is not a Shapefile (no 9994 file code)");
        }
        buf.position(100);
    }

    /** The next record's geometry (null for a null shape); false from {@link #hasNext()} at the end. */
    boolean hasNext() {
        return buf.remaining() >= 8;
    }

    Geometry next() {
        try {
            buf.order(ByteOrder.BIG_ENDIAN);
            int number = buf.getInt();
            long contentBytes = 2L * buf.getInt();
            if (contentBytes < 4 || contentBytes > buf.remaining()) {
                throw bad("the .shp is truncated or damaged at record " + number);
            }
            int end = buf.position() + (int) contentBytes;
            buf.order(ByteOrder.LITTLE_ENDIAN);
            int type = buf.getInt();
            Geometry g = switch (type) {
                case 0 -> null;
                case 1, 11, 21 -> factory.createPoint(new Coordinate(buf.getDouble(), buf.getDouble()));
                case 8, 18, 28 -> multiPoint(end);
                case 3, 13, 23 -> polyline(end);
                case 5, 15, 25 -> polygon(end);
                default -> throw bad("shape type " + type + " (record " + number + ") is not supported");
            };
            if (g instanceof org.locationtech.jts.geom.Point) {
                budget.vertices(1);
            }
            buf.position(end);
            return g;
        } catch (BufferUnderflowException | IllegalArgumentException e) {
            throw bad("the .shp is truncated or damaged");
        }
    }

    private Geometry multiPoint(int end) {
        skipBox();
        int n = count(buf.getInt(), end, 16);
        budget.vertices(n);
        Coordinate[] pts = points(n);
        return factory.createMultiPointFromCoords(pts);
    }

    private Geometry polyline(int end) {
        Coordinate[][] parts = parts(end);
        List<LineString> lines = new ArrayList<>();
        for (Coordinate[] p : parts) {
            if (p.length >= 2) {
                lines.add(factory.createLineString(p));
            }
        }
        return lines.size() == 1 ? lines.get(0) : factory.createMultiLineString(lines.toArray(LineString[]::new));
    }

    private Geometry polygon(int end) {
        List<LinearRing> shells = new ArrayList<>();
        List<LinearRing> holes = new ArrayList<>();
        for (Coordinate[] p : parts(end)) {
            LinearRing ring = ring(p);
            if (ring == null) {
                warnings.add("a polygon ring with fewer than 3 distinct points was left out");
            } else if (Orientation.isCCW(ring.getCoordinateSequence())) {
                holes.add(ring);
            } else {
                shells.add(ring);
            }
        }
        if (shells.isEmpty()) {
            shells.addAll(holes); // wrongly wound: take every ring as an outer ring
            holes.clear();
        }
        List<List<LinearRing>> holesOf = new ArrayList<>();
        shells.forEach(s -> holesOf.add(new ArrayList<>()));
        for (LinearRing hole : holes) {
            int best = -1;
            for (int i = 0; i < shells.size(); i++) {
                LinearRing s = shells.get(i);
                if (s.getEnvelopeInternal().covers(hole.getEnvelopeInternal())
                        && PointLocation.isInRing(interior(hole), s.getCoordinates())
                        && (best < 0 || s.getEnvelopeInternal().getArea()
                        < shells.get(best).getEnvelopeInternal().getArea())) {
                    best = i;
                }
            }
            if (best < 0) {
                shells.add(hole.reverse());
                holesOf.add(new ArrayList<>());
            } else {
                holesOf.get(best).add(hole);
            }
        }
        Polygon[] polys = new Polygon[shells.size()];
        for (int i = 0; i < polys.length; i++) {
            polys[i] = factory.createPolygon(shells.get(i), holesOf.get(i).toArray(LinearRing[]::new));
        }
        return polys.length == 1 ? polys[0] : factory.createMultiPolygon(polys);
    }

    private static Coordinate interior(LinearRing ring) {
        Coordinate a = ring.getCoordinateN(0);
        Coordinate b = ring.getCoordinateN(1);
        return new Coordinate((a.x + b.x) / 2, (a.y + b.y) / 2);
    }

    private LinearRing ring(Coordinate[] p) {
        Coordinate[] c = p;
        if (c.length > 0 && !c[0].equals2D(c[c.length - 1])) {
            c = java.util.Arrays.copyOf(p, p.length + 1);
            c[c.length - 1] = new Coordinate(p[0]);
        }
        return c.length < 4 ? null : factory.createLinearRing(c);
    }

    private Coordinate[][] parts(int end) {
        skipBox();
        int numParts = buf.getInt();
        int numPoints = buf.getInt();
        if (numParts < 0 || numPoints < 0 || numParts > numPoints) {
            throw bad("the .shp has a damaged record");
        }
        count(numPoints, end - 4 * numParts, 16);
        budget.vertices(numPoints);
        int[] starts = new int[numParts + 1];
        for (int i = 0; i < numParts; i++) {
            starts[i] = buf.getInt();
        }
        starts[numParts] = numPoints;
        Coordinate[] all = points(numPoints);
        Coordinate[][] out = new Coordinate[numParts][];
        for (int i = 0; i < numParts; i++) {
            if (starts[i] < 0 || starts[i] > starts[i + 1]) {
                throw bad("the .shp has a damaged record");
            }
            out[i] = java.util.Arrays.copyOfRange(all, starts[i], starts[i + 1]);
        }
        return out;
    }

    /** n, checked to fit in what is left of the record at {@code size} bytes each. */
    private int count(int n, int end, int size) {
        if (n < 0 || (long) n * size > end - buf.position()) {
            throw bad("the .shp has a damaged record");
        }
        return n;
    }

    private Coordinate[] points(int n) {
        Coordinate[] c = new Coordinate[n];
        for (int i = 0; i < n; i++) {
            c[i] = new Coordinate(buf.getDouble(), buf.getDouble());
        }
        return c;
    }

    private void skipBox() {
        buf.position(buf.position() + 32);
    }

    private static UploadException bad(String detail) {
        return UploadException.bad("file", detail);
    }
}
