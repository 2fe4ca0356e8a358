package org.xiangtu.demo;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.locationtech.jts.coverage.CoverageUnion;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.MultiPoint;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.geom.prep.PreparedGeometry;
import org.locationtech.jts.geom.prep.PreparedGeometryFactory;
import org.locationtech.jts.operation.polygonize.Polygonizer;
import org.locationtech.jts.triangulate.VoronoiDiagramBuilder;
import org.xiangtu.geo.GaussKruger;

/**
 * Splits an area into one region per seed: a Voronoi diagram whose straight edges are replaced by
 * wandering ones, noded with the area's boundary and polygonized, so neighbouring regions share
 * exactly the same boundary and the regions tile the area with no gap and no overlap.
 */
final class Tessellator {
    private static final GeometryFactory F = GaussKruger.METRIC;

    private Tessellator() {
    }

    /** Regions in seed order; a region may be empty only if its seed lies outside the area. */
    static List<Geometry> split(Geometry area, List<Coordinate> seeds, double roughness, double step, long salt) {
        MultiPoint points = F.createMultiPointFromCoords(seeds.toArray(new Coordinate[0]));
        Envelope clip = new Envelope(area.getEnvelopeInternal());
        clip.expandBy(Math.max(clip.getWidth(), clip.getHeight()));
        VoronoiDiagramBuilder vb = new VoronoiDiagramBuilder();
        vb.setSites(points);
        vb.setClipEnvelope(clip);
        Geometry cells = vb.getDiagram(F);

        // the unique Voronoi edges, each made to wander once
        Set<String> seen = new LinkedHashSet<>();
        List<Geometry> lines = new ArrayList<>();
        for (int i = 0; i < cells.getNumGeometries(); i++) {
            Coordinate[] ring = ((Polygon) cells.getGeometryN(i)).getExteriorRing().getCoordinates();
            for (int k = 0; k + 1 < ring.length; k++) {
                Coordinate a = ring[k];
                Coordinate b = ring[k + 1];
                String key = a.x < b.x || (a.x == b.x && a.y < b.y) ? a + "|" + b : b + "|" + a;
                if (seen.add(key)) {
                    lines.add(Lines.line(Lines.wiggle(a, b, roughness, step, salt)));
                }
            }
        }
        lines.add(area.getBoundary());
        Geometry noded = F.buildGeometry(lines).union();
        Polygonizer polygonizer = new Polygonizer();
        polygonizer.add(noded);
        @SuppressWarnings("unchecked")
        Collection<Polygon> found = polygonizer.getPolygons();
        // the polygonizer's graph iterates identity-hashed sets, so its output order and ring start
        // points vary from run to run: put the faces in a canonical form and order first
        List<Polygon> faces = found.stream().map(f -> {
            Polygon c = (Polygon) f.copy();
            c.normalize();
            return c;
        }).sorted().toList();

        PreparedGeometry inside = PreparedGeometryFactory.prepare(area);
        List<PreparedGeometry> original = new ArrayList<>();
        List<Geometry> originalCells = new ArrayList<>();
        for (Coordinate s : seeds) {
            Geometry cell = cellOf(cells, s);
            originalCells.add(cell);
            original.add(PreparedGeometryFactory.prepare(cell));
        }
        Map<Integer, List<Geometry>> bySeed = new HashMap<>();
        for (Polygon face : faces) {
            if (!inside.contains(face.getInteriorPoint())) {
                continue;
            }
            int owner = -1;
            double most = -1;
            for (int i = 0; i < seeds.size(); i++) {
                if (!original.get(i).intersects(face)) {
                    continue;
                }
                double a = Ops.intersection(originalCells.get(i), face).getArea();
                if (a > most) {
                    most = a;
                    owner = i;
                }
            }
            bySeed.computeIfAbsent(owner, k -> new ArrayList<>()).add(face);
        }
        List<Geometry> out = new ArrayList<>();
        for (int i = 0; i < seeds.size(); i++) {
            List<Geometry> parts = bySeed.getOrDefault(i, List.of());
            out.add(parts.isEmpty() ? F.createPolygon() : CoverageUnion.union(parts.toArray(new Geometry[0])));
        }
        return out;
    }

    private static Geometry cellOf(Geometry cells, Coordinate seed) {
        var p = F.createPoint(seed);
        for (int i = 0; i < cells.getNumGeometries(); i++) {
            if (cells.getGeometryN(i).covers(p)) {
                return cells.getGeometryN(i);
            }
        }
        throw new IllegalStateException("no Voronoi cell for " + seed);
    }

}
