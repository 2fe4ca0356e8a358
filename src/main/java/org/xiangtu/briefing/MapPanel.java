package org.xiangtu.briefing;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.LineString;
import org.locationtech.jts.geom.Point;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.simplify.DouglasPeuckerSimplifier;
import org.xiangtu.catalog.Catalog;
import org.xiangtu.catalog.I18n;
import org.xiangtu.catalog.LayerDef;
import org.xiangtu.geo.GaussKruger;
import org.xiangtu.store.Feature;

/**
 * Draws a scope's map as vector graphics: the villages coloured by a theme (those outside the scope faint),
 * town and district outlines, industry bases, the greenway, water works and projects (coloured by their state
 * on the as-of date), clipped to its box, with a scale bar in metres, a north arrow and, while the data is the
 * demo's, a notice that the geometry is synthetic. Geometry is projected to CGCS2000 Gauss–Krüger (EPSG:4544)
 * first — so the scale bar is true — and simplified to a quarter point at the page's scale (a pack stays small).
 * One instance per pack (it caches the projected geometry; not thread-safe).
 */
final class MapPanel {
    /** The layers drawn, as the dashboard holds them (lon/lat). */
    record Layers(List<Feature> villages, List<Feature> towns, List<Feature> district, List<Feature> bases,
            List<Feature> greenways, List<Feature> waterWorks, List<Feature> projects) {
    }

    /** What a page's map shows: the area to frame (lon/lat), colours of villages in scope, project states. */
    record View(Geometry focus, Map<String, String> villageColors, Map<String, String> projectStatus,
            String outlineTownCode, String highlightId, double padding) {
        /** A scope's view: framed tight, no village singled out. */
        View(Geometry focus, Map<String, String> villageColors, Map<String, String> projectStatus,
                String outlineTownCode) {
            this(focus, villageColors, projectStatus, outlineTownCode, null, 0.04);
        }
    }

    private static final float TOLERANCE_PT = 0.25f;
    private final Layers layers;
    private final Catalog catalog;
    private final GaussKruger gk = new GaussKruger();
    private final Map<Geometry, Geometry> metric = new java.util.IdentityHashMap<>();
    private final boolean synthetic;
    private final Texts t;

    MapPanel(Layers layers, Catalog catalog, boolean synthetic, Texts t) {
        this.layers = layers;
        this.catalog = catalog;
        this.synthetic = synthetic;
        this.t = t;
    }

    Geometry metric(Geometry lonLat) {
        return metric.computeIfAbsent(lonLat, gk::toMetric);
    }

    /** Draws the view into the box (x, y: bottom left; points). */
    void draw(Canvas c, float x, float y, float w, float h, View view) {
        Envelope env = metric(view.focus()).getEnvelopeInternal();
        env.expandBy(Math.max(env.getWidth(), env.getHeight()) * view.padding() + 50);
        double scale = Math.min(w / env.getWidth(), h / env.getHeight());
        double ox = x + (w - env.getWidth() * scale) / 2 - env.getMinX() * scale;
        double oy = y + (h - env.getHeight() * scale) / 2 - env.getMinY() * scale;
        // what lies in the box, in metres (a little more, for symbols and lines at its edge)
        double margin = 6 / scale;
        Frame f = new Frame(scale, ox, oy, new Envelope((x - ox) / scale - margin, (x + w - ox) / scale + margin,
                (y - oy) / scale - margin, (y + h - oy) / scale + margin));

        c.fillRect(x, y, w, h, "#ffffff");
        c.save();
        c.clip(x, y, w, h);
        for (Feature v : layers.villages()) {
            String fill = view.villageColors().get(v.id());
            paint(c, f, v, fill == null ? Themes.OUTSIDE : fill, fill == null ? "#ced4da" : "#ffffff",
                    fill == null ? 0.3f : 0.5f, fill == null ? 0.5f : 0.9f);
        }
        for (Feature b : layers.bases()) {
            JsonNode style = classStyle("industry_bases", b.properties().get("category"));
            paint(c, f, b, text(style, "fillColor", "#ffa94d"), text(style, "color", "#d9480f"), 0.4f, 0.8f);
        }
        for (Feature town : layers.towns()) {
            boolean focus = town.properties().get("code").equals(view.outlineTownCode());
            stroke(c, f, town, focus ? "#212529" : "#495057", focus ? 1.6f : 0.7f, 0);
        }
        for (Feature d : layers.district()) {
            stroke(c, f, d, "#212529", 1.2f, 0);
        }
        for (Feature v : layers.villages()) {
            if (v.id().equals(view.highlightId())) {
                stroke(c, f, v, "#c92a2a", 2.2f, 0); // the page's village among its neighbours
            }
        }
        for (Feature g : layers.greenways()) {
            stroke(c, f, g, style("greenways", "color", "#0ca678"), 1.6f, 0);
        }
        for (Feature works : layers.waterWorks()) {
            JsonNode style = classStyle("water_works", works.properties().get("kind"));
            symbol(c, f, works, text(style, "fillColor", "#3bc9db"), "#0b7285", 2.2f);
        }
        for (Feature p : layers.projects()) {
            if (!view.projectStatus().containsKey(p.id())) {
                continue; // another scope's
            }
            JsonNode style = classStyle("projects", view.projectStatus().get(p.id()));
            symbol(c, f, p, text(style, "fillColor", "#da77f2"), text(style, "color", "#862e9c"), 2.6f);
        }
        c.restore();
        c.strokeRect(x, y, w, h, "#495057", 0.6f);
        northArrow(c, x + w - 18, y + h - 34);
        scaleBar(c, x + 8, y + 8, w, scale);
        if (synthetic) {
            String notice = t.s("合成几何 · 非测绘成果", "Synthetic geometry · not survey data");
            float tw = c.width(notice, 7);
            c.fillRect(x + w - tw - 10, y + 4, tw + 6, 11, "#fff3bf");
            c.text(x + w - tw - 7, y + 7, 7, "#862e00", notice);
        }
    }

    /** The legend of a map: the theme's classes, then the layers' symbols; returns the height used. */
    float legend(Canvas c, float x, float top, float w, Themes.Choropleth ch) {
        float y = top - 9;
        c.text(x, y, 7.5f, "#212529", t.s("村（社区）：", "Villages: ") + t.s(ch.theme().label()) + "（"
                + t.s(ch.theme().unit()) + "）");
        y -= 11;
        float col = w / 2;
        int i = 0;
        for (Themes.Band b : ch.bands()) {
            float bx = x + (i % 2) * col;
            float by = y - (i / 2) * 10;
            c.fillRect(bx, by - 1, 12, 7, b.color());
            c.strokeRect(bx, by - 1, 12, 7, "#adb5bd", 0.3f);
            c.text(bx + 15, by, 6.5f, "#343a40", Figures.plain(b.min()) + " – " + Figures.plain(b.max()) + "（"
                    + b.count() + "）");
            i++;
        }
        if (ch.noData() > 0) {
            float bx = x + (i % 2) * col;
            float by = y - (i / 2) * 10;
            c.fillRect(bx, by - 1, 12, 7, Themes.NO_DATA);
            c.text(bx + 15, by, 6.5f, "#343a40", t.s("无数据或不公开", "No data or withheld") + "（" + ch.noData() + "）");
            i++;
        }
        y -= ((i + 1) / 2) * 10 + 4;
        List<Runnable> symbols = new ArrayList<>();
        float[] at = {x, y};
        symbols.add(() -> {
            c.fillRect(at[0], at[1] - 1, 12, 7, style("industry_bases", "fillColor", "#ffa94d"));
            c.text(at[0] + 15, at[1], 6.5f, "#343a40", title("industry_bases"));
        });
        symbols.add(() -> {
            c.line(at[0], at[1] + 2.5f, at[0] + 12, at[1] + 2.5f, style("greenways", "color", "#0ca678"), 1.6f);
            c.text(at[0] + 15, at[1], 6.5f, "#343a40", title("greenways"));
        });
        symbols.add(() -> {
            c.circlePath(at[0] + 6, at[1] + 2.5f, 2.2f);
            c.fillColor(style("water_works", "fillColor", "#3bc9db"));
            fill(c);
            c.text(at[0] + 15, at[1], 6.5f, "#343a40", title("water_works"));
        });
        for (JsonNode cls : catalog.layer("projects").map(LayerDef::legend).map(l -> l.path("classes"))
                .orElse(com.fasterxml.jackson.databind.node.MissingNode.getInstance())) {
            symbols.add(() -> {
                c.circlePath(at[0] + 6, at[1] + 2.5f, 2.6f);
                c.fillColor(text(cls.path("style"), "fillColor", "#da77f2"));
                fill(c);
                c.text(at[0] + 15, at[1], 6.5f, "#343a40", title("projects") + "·" + t.s(new I18n(
                        cls.path("title").path("zh").asText(), cls.path("title").path("en").asText())));
            });
        }
        for (int k = 0; k < symbols.size(); k++) {
            at[0] = x + (k % 2) * col;
            at[1] = y - (k / 2) * 10;
            symbols.get(k).run();
        }
        return top - (y - ((symbols.size() + 1) / 2) * 10);
    }

    private String title(String layer) {
        return catalog.layer(layer).map(l -> t.s(l.title())).orElse(layer);
    }

    private String style(String layer, String key, String fallback) {
        return catalog.layer(layer).map(l -> text(l.style(), key, fallback)).orElse(fallback);
    }

    private JsonNode classStyle(String layer, Object value) {
        LayerDef def = catalog.layer(layer).orElse(null);
        if (def == null) {
            return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
        }
        if (def.legend() != null && value != null) {
            for (JsonNode cls : def.legend().path("classes")) {
                if (cls.path("value").asText().equals(String.valueOf(value))) {
                    return cls.path("style");
                }
            }
        }
        return def.style() == null ? com.fasterxml.jackson.databind.node.MissingNode.getInstance() : def.style();
    }

    private static String text(JsonNode style, String key, String fallback) {
        String v = style == null ? null : style.path(key).asText(null);
        return v != null && v.matches("#[0-9a-fA-F]{6}") ? v : fallback;
    }

    /** Page coordinates of a projected map: scale (points per metre) and offset; the area worth drawing. */
    private record Frame(double scale, double ox, double oy, Envelope visible) {
        float px(double mx) {
            return (float) (ox + mx * scale);
        }

        float py(double my) {
            return (float) (oy + my * scale);
        }
    }

    private Geometry shape(Frame f, Feature feature) {
        if (feature.geometry() == null) {
            return null;
        }
        Geometry m = metric(feature.geometry());
        if (!m.getEnvelopeInternal().intersects(f.visible())) {
            return null;
        }
        if (m instanceof Point) {
            return m;
        }
        return DouglasPeuckerSimplifier.simplify(m, TOLERANCE_PT / f.scale());
    }

    private void paint(Canvas c, Frame f, Feature feature, String fill, String line, float lineWidth, float alpha) {
        Geometry g = shape(f, feature);
        if (g == null || g.isEmpty()) {
            return;
        }
        c.save();
        c.alpha(alpha);
        c.fillColor(fill);
        c.strokeColor(line, lineWidth);
        path(c.stream(), f, g, true);
        Canvas.io(() -> {
            c.stream().fillAndStrokeEvenOdd();
        });
        c.restore();
    }

    private void stroke(Canvas c, Frame f, Feature feature, String line, float lineWidth, float dash) {
        Geometry g = shape(f, feature);
        if (g == null || g.isEmpty()) {
            return;
        }
        c.strokeColor(line, lineWidth);
        c.dash(dash, dash);
        path(c.stream(), f, g, false);
        Canvas.io(() -> {
            c.stream().stroke();
        });
        c.dash(0, 0);
    }

    /** A point symbol (a circle; a line or area project is drawn at its interior point). */
    private void symbol(Canvas c, Frame f, Feature feature, String fill, String line, float r) {
        if (feature.geometry() == null) {
            return;
        }
        Geometry m = metric(feature.geometry());
        Coordinate at = (m instanceof Point p ? p : m.getInteriorPoint()).getCoordinate();
        if (at == null || !f.visible().contains(at)) {
            return;
        }
        c.circlePath(f.px(at.x), f.py(at.y), r);
        c.fillColor(fill);
        c.strokeColor(line, 0.5f);
        Canvas.io(() -> {
            c.stream().fillAndStroke();
        });
    }

    private static void fill(Canvas c) {
        Canvas.io(() -> {
            c.stream().fill();
        });
    }

    /** Adds a geometry's rings or lines to the current path (closed for areas). */
    private static void path(PDPageContentStream cs, Frame f, Geometry g, boolean areas) {
        Canvas.io(() -> {
            for (int i = 0; i < g.getNumGeometries(); i++) {
                Geometry part = g.getGeometryN(i);
                if (part instanceof Polygon poly) {
                    ring(cs, f, poly.getExteriorRing().getCoordinates(), areas);
                    for (int h = 0; h < poly.getNumInteriorRing(); h++) {
                        ring(cs, f, poly.getInteriorRingN(h).getCoordinates(), areas);
                    }
                } else if (part instanceof LineString line) {
                    ring(cs, f, line.getCoordinates(), false);
                } else if (part.getNumGeometries() > 1 || part != g) {
                    path(cs, f, part, areas);
                }
            }
        });
    }

    private static void ring(PDPageContentStream cs, Frame f, Coordinate[] cs2, boolean close) throws IOException {
        if (cs2.length < 2) {
            return;
        }
        float lx = f.px(cs2[0].x);
        float ly = f.py(cs2[0].y);
        cs.moveTo(round(lx), round(ly));
        for (int i = 1; i < cs2.length; i++) {
            float px = f.px(cs2[i].x);
            float py = f.py(cs2[i].y);
            if (Math.abs(px - lx) < 0.1f && Math.abs(py - ly) < 0.1f && i < cs2.length - 1) {
                continue; // invisible at print resolution
            }
            cs.lineTo(round(px), round(py));
            lx = px;
            ly = py;
        }
        if (close) {
            cs.closePath();
        }
    }

    /** A tenth of a point is finer than print: fewer digits, a smaller file. */
    private static float round(float v) {
        return Math.round(v * 10) / 10f;
    }

    private void northArrow(Canvas c, float cx, float bottom) {
        PDPageContentStream cs = c.stream();
        Canvas.io(() -> {
            c.fillColor("#212529");
            cs.moveTo(cx, bottom + 22);
            cs.lineTo(cx - 5, bottom + 6);
            cs.lineTo(cx, bottom + 10);
            cs.closePath();
            cs.fill();
            c.strokeColor("#212529", 0.6f);
            cs.moveTo(cx, bottom + 22);
            cs.lineTo(cx + 5, bottom + 6);
            cs.lineTo(cx, bottom + 10);
            cs.closePath();
            cs.stroke();
        });
        c.textCentered(cx, bottom - 3, 7, "#212529", t.s("北", "N"));
    }

    /** A scale bar of a round length near a quarter of the map's width, in metres or kilometres. */
    private void scaleBar(Canvas c, float x, float y, float mapWidth, double pointsPerMetre) {
        double target = mapWidth / 4 / pointsPerMetre;
        double[] steps = {50, 100, 200, 250, 500, 1_000, 2_000, 2_500, 5_000, 10_000, 20_000, 25_000, 50_000, 100_000};
        double metres = steps[0];
        for (double s : steps) {
            if (s <= target) {
                metres = s;
            }
        }
        float len = (float) (metres * pointsPerMetre);
        c.fillRect(x - 3, y - 3, len + 40, 17, "#ffffff");
        c.fillRect(x, y, len / 2, 3, "#212529");
        c.fillRect(x + len / 2, y, len / 2, 3, "#ffffff");
        c.strokeRect(x, y, len, 3, "#212529", 0.5f);
        String label = metres >= 1_000 ? Figures.plain(metres / 1_000) + " " + t.s("公里", "km")
                : (int) metres + " " + t.s("米", "m");
        c.text(x, y + 5, 6.5f, "#212529", "0");
        c.text(x + len + 3, y + 5, 6.5f, "#212529", label);
    }
}
