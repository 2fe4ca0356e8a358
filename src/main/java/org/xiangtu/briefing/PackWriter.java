package org.xiangtu.briefing;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.EncodeHintType;
import com.google.zxing.WriterException;
import com.google.zxing.common.BitMatrix;
import com.google.zxing.qrcode.QRCodeWriter;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Calendar;
import java.util.GregorianCalendar;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TimeZone;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentInformation;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PageMode;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.interactive.action.PDActionGoTo;
import org.apache.pdfbox.pdmodel.interactive.action.PDActionURI;
import org.apache.pdfbox.pdmodel.interactive.annotation.PDAnnotationLink;
import org.apache.pdfbox.pdmodel.interactive.annotation.PDBorderStyleDictionary;
import org.apache.pdfbox.pdmodel.interactive.documentnavigation.destination.PDPageFitDestination;
import org.apache.pdfbox.pdmodel.interactive.documentnavigation.outline.PDDocumentOutline;
import org.apache.pdfbox.pdmodel.interactive.documentnavigation.outline.PDOutlineItem;
import org.xiangtu.catalog.I18n;

/**
 * Lays a {@link Pack} out on A4 pages and writes the PDF: a cover (the scope's figures and map, the table of
 * contents), then one page per town or village — header, map with legend, key figures with their change,
 * the income chart, the most overdue projects, a QR code to the live cockpit, and a footer with the data's
 * date, source, the synthetic-data notice and the page number. Bookmarks name every page.
 */
final class PackWriter {
    private static final float M = 36;
    private static final String INK = "#212529";
    private static final String MUTED = "#6c757d";
    private static final String RULE = "#dee2e6";

    private final Pack pack;
    private final MapPanel map;
    private final Texts t;

    PackWriter(Pack pack, MapPanel map) {
        this.pack = pack;
        this.map = map;
        this.t = pack.texts();
    }

    /** Writes the whole pack to out. */
    void write(OutputStream out) {
        try (PDDocument doc = new PDDocument(); PackFont font = PackFont.load(doc)) {
            Map<Integer, Boolean> glyphs = new HashMap<>();
            int total = 1 + pack.pages().size();
            List<PDPage> pages = new ArrayList<>();
            for (int i = 0; i < total; i++) {
                PDPage page = new PDPage(PDRectangle.A4);
                doc.addPage(page);
                pages.add(page);
            }
            try (Canvas c = new Canvas(doc, pages.get(0), font.font, glyphs)) {
                cover(c, pages);
                footer(c, 1, total, pack.cover());
            }
            for (int i = 0; i < pack.pages().size(); i++) {
                try (Canvas c = new Canvas(doc, pages.get(i + 1), font.font, glyphs)) {
                    page(c, pack.pages().get(i));
                    footer(c, i + 2, total, pack.pages().get(i));
                }
            }
            bookmarks(doc, pages);
            info(doc);
            doc.save(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void info(PDDocument doc) {
        PDDocumentInformation info = doc.getDocumentInformation();
        info.setTitle(pack.title());
        info.setSubject(t.s("数据截至 ", "Data as of ") + pack.asOf());
        info.setCreator("Xiangtu (乡图)");
        info.setProducer("Xiangtu (乡图) with Apache PDFBox");
        Calendar now = new GregorianCalendar(TimeZone.getTimeZone("Asia/Shanghai"));
        info.setCreationDate(now);
    }

    private void bookmarks(PDDocument doc, List<PDPage> pages) {
        PDDocumentOutline outline = new PDDocumentOutline();
        doc.getDocumentCatalog().setDocumentOutline(outline);
        doc.getDocumentCatalog().setPageMode(PageMode.USE_OUTLINES);
        PDOutlineItem root = item(t.s("封面 · ", "Cover · ") + pack.cover().name(), pages.get(0));
        outline.addLast(root);
        for (int i = 0; i < pack.pages().size(); i++) {
            root.addLast(item(pack.pages().get(i).name(), pages.get(i + 1)));
        }
        root.openNode();
        outline.openNode();
    }

    private static PDOutlineItem item(String title, PDPage page) {
        PDOutlineItem item = new PDOutlineItem();
        item.setTitle(title);
        item.setDestination(fit(page));
        return item;
    }

    private static PDPageFitDestination fit(PDPage page) {
        PDPageFitDestination dest = new PDPageFitDestination();
        dest.setPage(page);
        return dest;
    }

    // ---- the cover

    private void cover(Canvas c, List<PDPage> pages) {
        Pack.Page p = pack.cover();
        float top = Canvas.HEIGHT - M;
        c.text(M, top - 22, 22, INK, pack.title());
        c.text(M, top - 42, 10, MUTED, subtitle());
        float y = top - 52;
        if (pack.notice() != null) {
            y = notice(c, y, Canvas.WIDTH - 2 * M);
        }
        y -= 8;
        float w = (Canvas.WIDTH - 2 * M - 16) / 3;
        int i = 0;
        for (String id : Pack.KPIS) {
            kpi(c, M + (i % 3) * (w + 8), y - (i / 3) * 56 - 50, w, 50, p, id);
            i++;
        }
        y -= 2 * 56 + 6;
        float mapH = 260;
        map.draw(c, M, y - mapH, 320, mapH, p.view());
        float legendX = M + 332;
        float used = map.legend(c, legendX, y, Canvas.WIDTH - M - legendX, p.choropleth());
        qr(c, p.link(), legendX, y - mapH, 70);
        c.text(legendX + 76, y - mapH + 40, 7.5f, MUTED, t.s("扫码打开驾驶舱", "Scan for the live cockpit"));
        c.text(legendX + 76, y - mapH + 30, 7.5f, MUTED, t.s("（同一范围与日期）", "(same scope and date)"));
        if (used > mapH - 80) {
            // the legend ran into the QR code's place: nothing to do on A4 but keep them apart
            c.line(legendX, y - mapH + 74, Canvas.WIDTH - M, y - mapH + 74, RULE, 0.3f);
        }
        toc(c, pages, y - mapH - 14);
    }

    private void toc(Canvas c, List<PDPage> pages, float top) {
        c.text(M, top - 12, 12, INK, t.s("目录", "Contents"));
        c.line(M, top - 17, Canvas.WIDTH - M, top - 17, RULE, 0.6f);
        int n = pack.pages().size();
        int cols = Math.max(1, Math.min(3, (n + 15) / 16));
        int rows = (n + cols - 1) / Math.max(1, cols);
        float available = top - 30 - 90;
        float lh = rows == 0 ? 12 : Math.min(13, available / rows);
        float size = Math.min(9, lh - 2);
        float colW = (Canvas.WIDTH - 2 * M) / cols;
        for (int i = 0; i < n; i++) {
            float x = M + (i / rows) * colW;
            float y = top - 32 - (i % rows) * lh;
            String label = c.fit(pack.pages().get(i).name(), size, colW - 40);
            String number = String.valueOf(i + 2);
            c.text(x, y, size, INK, label);
            float lw = c.width(label, size);
            float nx = x + colW - 14 - c.width(number, size);
            for (float d = x + lw + 4; d < nx - 3; d += 3.5f) {
                c.fillRect(d, y + 1, 0.8f, 0.8f, MUTED);
            }
            c.text(nx, y, size, INK, number);
            link(pages.get(0), x, y - 2, colW - 12, lh, pages.get(i + 1), null);
        }
    }

    // ---- a town's or village's page

    private void page(Canvas c, Pack.Page p) {
        float top = Canvas.HEIGHT - M;
        c.text(M, top - 16, 16, INK, p.heading());
        c.text(M, top - 32, 9, MUTED, subtitle());
        c.line(M, top - 38, Canvas.WIDTH - M, top - 38, RULE, 0.6f);
        float mapTop = top - 46;
        float mapH = 290;
        map.draw(c, M, mapTop - mapH, 340, mapH, p.view());
        float legendTop = mapTop - mapH - 6;
        float used = map.legend(c, M, legendTop, 340, p.choropleth());
        float x = M + 354;
        float w = Canvas.WIDTH - M - x;
        int i = 0;
        for (String id : Pack.KPIS) {
            kpi(c, x, mapTop - (i + 1) * 48 + 4, w, 44, p, id);
            i++;
        }
        float qrY = mapTop - 6 * 48 - 72;
        qr(c, p.link(), x, qrY, 64);
        c.text(x + 70, qrY + 40, 7.5f, MUTED, t.s("扫码打开驾驶舱", "Scan for the live"));
        c.text(x + 70, qrY + 30, 7.5f, MUTED, t.s("（同一范围与日期）", "cockpit (same view)"));
        float lowTop = Math.min(legendTop - used - 10, qrY - 12);
        chart(c, M, 96, 240, lowTop - 96, p);
        overdue(c, M + 256, lowTop, Canvas.WIDTH - M - (M + 256), p);
    }

    private String subtitle() {
        String s = t.s("数据截至 ", "Data as of ") + pack.asOf() + t.s(" · 收入年份 ", " · income year ") + pack.year()
                + t.s(" · 专题图：", " · map: ") + t.s(pack.theme().label());
        return s;
    }

    /** A key figure: its label, value and unit, and its change since a year before. */
    private void kpi(Canvas c, float x, float y, float w, float h, Pack.Page p, String id) {
        Map<String, Object> k = kpiOf(p.dashboard(), id);
        c.fillRect(x, y, w, h, "#f8f9fa");
        c.fillRect(x, y, 2.5f, h, "#1c7ed6");
        if (k == null) {
            return;
        }
        String label = c.fit(t.s(label(k)), 7.5f, w - 10);
        c.text(x + 7, y + h - 11, 7.5f, MUTED, label);
        boolean suppressed = Boolean.TRUE.equals(k.get("suppressed"));
        String unit = t.s(unit(k));
        if (suppressed || k.get("value") == null) {
            c.text(x + 7, y + h - 28, 11, MUTED, suppressed ? t.s("不公开（少于5户）", "withheld (< 5 households)") : "—");
            return;
        }
        String value = Figures.format(k.get("value"));
        c.text(x + 7, y + h - 29, 15, INK, value);
        c.text(x + 8 + c.width(value, 15), y + h - 29, 8, MUTED, " " + unit); // a real space: text tools keep it
        c.text(x + 7, y + 5, 7, MUTED, change(k, kpiOf(p.previous(), id), unit));
    }

    private String change(Map<String, Object> now, Map<String, Object> before, String unit) {
        String since = pack.previousYear() == null ? t.s("较上年同期", "vs a year before")
                : t.s("较上年同期", "vs a year before");
        if (before == null || !(now.get("value") instanceof Number a) || !(before.get("value") instanceof Number b)
                || Boolean.TRUE.equals(before.get("suppressed"))) {
            return since + " —";
        }
        double delta = a.doubleValue() - b.doubleValue();
        boolean whole = a instanceof Long && b instanceof Long;
        String u = unit.equals("%") ? t.s(" 个百分点", " pp") : " " + unit;
        return since + " " + Figures.change(delta, whole) + (delta == 0 ? "" : u);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> kpiOf(Map<String, Object> dashboard, String id) {
        if (dashboard == null || !(dashboard.get("kpis") instanceof List<?> list)) {
            return null;
        }
        for (Object o : list) {
            if (o instanceof Map<?, ?> m && id.equals(m.get("id"))) {
                return (Map<String, Object>) m;
            }
        }
        return null;
    }

    private static I18n label(Map<String, Object> kpi) {
        return (I18n) kpi.get("label");
    }

    private static I18n unit(Map<String, Object> kpi) {
        return (I18n) kpi.get("unit");
    }

    /** The income per person by year, as a line with its first and last values written. */
    @SuppressWarnings("unchecked")
    private void chart(Canvas c, float x, float y, float w, float h, Pack.Page p) {
        c.text(x, y + h - 10, 9, INK, t.s("农村居民人均可支配收入（元/人）", "Rural income per capita (yuan)"));
        Map<String, Object> charts = (Map<String, Object>) p.dashboard().get("charts");
        Map<String, Object> income = charts == null ? null : (Map<String, Object>) charts.get("income");
        if (income == null) {
            return;
        }
        List<Integer> years = (List<Integer>) income.get("years");
        List<Object> values = (List<Object>) income.get("values");
        List<float[]> points = new ArrayList<>();
        double lo = Double.MAX_VALUE;
        double hi = -Double.MAX_VALUE;
        for (Object v : values) {
            if (v instanceof Number n) {
                lo = Math.min(lo, n.doubleValue());
                hi = Math.max(hi, n.doubleValue());
            }
        }
        float left = x + 34;
        float bottom = y + 16;
        float top = y + h - 22;
        float right = x + w - 6;
        c.line(left, bottom, right, bottom, MUTED, 0.5f);
        c.line(left, bottom, left, top, MUTED, 0.5f);
        if (lo > hi || years.isEmpty()) {
            c.text(left + 6, (bottom + top) / 2, 8, MUTED, t.s("无数据", "No data"));
            return;
        }
        double pad = Math.max(1, (hi - lo) * 0.1);
        double min = Math.max(0, lo - pad);
        double max = hi + pad;
        for (int g = 0; g <= 3; g++) {
            double v = min + (max - min) * g / 3;
            float gy = (float) (bottom + (top - bottom) * g / 3);
            c.line(left, gy, right, gy, RULE, 0.3f);
            c.textRight(left - 3, gy - 2.5f, 6.5f, MUTED, Figures.plain(Math.round(v)));
        }
        float step = years.size() > 1 ? (right - left - 12) / (years.size() - 1) : 0;
        for (int i = 0; i < years.size(); i++) {
            float px = left + 6 + i * step;
            c.textCentered(px, bottom - 9, 6.5f, MUTED, String.valueOf(years.get(i)));
            if (values.get(i) instanceof Number n) {
                points.add(new float[] {px, (float) (bottom + (top - bottom) * (n.doubleValue() - min) / (max - min))});
            }
        }
        Canvas.io(() -> {
            c.strokeColor("#5f3dc4", 1.4f);
            for (int i = 0; i < points.size(); i++) {
                if (i == 0) {
                    c.stream().moveTo(points.get(i)[0], points.get(i)[1]);
                } else {
                    c.stream().lineTo(points.get(i)[0], points.get(i)[1]);
                }
            }
            if (points.size() > 1) {
                c.stream().stroke();
            }
            for (float[] pt : points) {
                c.circlePath(pt[0], pt[1], 1.8f);
                c.fillColor("#5f3dc4");
                c.stream().fill();
            }
        });
        for (int i = 0; i < values.size(); i++) {
            if ((i == 0 || i == values.size() - 1) && values.get(i) instanceof Number n) {
                float px = left + 6 + i * step;
                float py = (float) (bottom + (top - bottom) * (n.doubleValue() - min) / (max - min));
                String label = Figures.plain(n.doubleValue());
                float lx = i == 0 ? px : px - c.width(label, 7);
                c.text(lx, py + 5, 7, "#5f3dc4", label);
            }
        }
    }

    /** The five most overdue projects: name, place, due date, days late, progress. */
    private void overdue(Canvas c, float x, float top, float w, Pack.Page p) {
        c.text(x, top - 10, 9, INK, t.s("逾期最久的项目", "Most overdue projects"));
        float[] cols = {x, x + w * 0.42f, x + w * 0.64f, x + w * 0.83f};
        float y = top - 26;
        String[] head = {t.s("项目", "Project"), t.s("计划完工", "Due"), t.s("逾期天数", "Days late"), t.s("进度", "Progress")};
        for (int i = 0; i < head.length; i++) {
            c.text(cols[i], y, 7, MUTED, head[i]);
        }
        c.line(x, y - 3, x + w, y - 3, RULE, 0.5f);
        if (p.overdue().isEmpty()) {
            c.text(x, y - 15, 8, MUTED, t.s("无逾期未完工项目", "No project is overdue"));
            return;
        }
        for (Pack.Overdue o : p.overdue()) {
            y -= 22;
            c.text(cols[0], y + 4, 7.5f, INK, c.fit(o.name(), 7.5f, cols[1] - cols[0] - 4));
            c.text(cols[0], y - 5, 6.5f, MUTED, c.fit(o.place(), 6.5f, cols[1] - cols[0] - 4));
            c.text(cols[1], y + 4, 7.5f, INK, o.due().toString());
            c.text(cols[2], y + 4, 7.5f, "#c92a2a", Figures.format(o.daysLate()));
            c.text(cols[3], y + 4, 7.5f, INK, o.progressPct() == null ? "—" : Figures.format(o.progressPct()) + "%");
            c.line(x, y - 9, x + w, y - 9, RULE, 0.3f);
        }
    }

    private float notice(Canvas c, float top, float w) {
        List<String> lines = c.wrap(pack.notice(), 7.5f, w - 12);
        float h = lines.size() * 10 + 6;
        c.fillRect(M, top - h, w, h, "#fff3bf");
        for (int i = 0; i < lines.size(); i++) {
            c.text(M + 6, top - 11 - i * 10, 7.5f, "#862e00", lines.get(i));
        }
        return top - h;
    }

    private void footer(Canvas c, int number, int total, Pack.Page p) {
        float y = M + 10;
        c.line(M, y + 28, Canvas.WIDTH - M, y + 28, RULE, 0.6f);
        c.text(M, y + 18, 7, MUTED, t.s("数据截至 ", "Data as of ") + pack.asOf() + t.s("（数据库更新至 ", " (data updated ")
                + pack.dataAsOf() + t.s("） · 来源：", ") · source: ") + pack.source());
        if (pack.notice() != null) {
            List<String> lines = c.wrap(pack.notice(), 6, Canvas.WIDTH - 2 * M - 80);
            for (int i = 0; i < Math.min(2, lines.size()); i++) {
                c.text(M, y + 8 - i * 8, 6, "#862e00", lines.get(i) + (i == 1 && lines.size() > 2 ? "…" : ""));
            }
        }
        c.textRight(Canvas.WIDTH - M, y + 18, 8, INK, t.s("第 " + number + " 页 / 共 " + total + " 页",
                "Page " + number + " of " + total));
    }

    /** A QR code of the link as filled squares (vector, no image), clickable too. */
    private void qr(Canvas c, String link, float x, float y, float size) {
        BitMatrix m;
        try {
            m = new QRCodeWriter().encode(link, BarcodeFormat.QR_CODE, 0, 0,
                    Map.of(EncodeHintType.MARGIN, 0, EncodeHintType.ERROR_CORRECTION, ErrorCorrectionLevel.M,
                            EncodeHintType.CHARACTER_SET, "UTF-8"));
        } catch (WriterException e) {
            throw new IllegalStateException("cannot encode the cockpit link as a QR code: " + link, e);
        }
        float module = size / m.getWidth();
        c.fillRect(x - 3, y - 3, size + 6, size + 6, "#ffffff");
        c.fillColor(INK);
        Canvas.io(() -> {
            for (int row = 0; row < m.getHeight(); row++) {
                int col = 0;
                while (col < m.getWidth()) {
                    if (!m.get(col, row)) {
                        col++;
                        continue;
                    }
                    int start = col;
                    while (col < m.getWidth() && m.get(col, row)) {
                        col++;
                    }
                    c.stream().addRect(x + start * module, y + size - (row + 1) * module, (col - start) * module + 0.05f,
                            module + 0.05f);
                }
            }
            c.stream().fill();
        });
        link(c.page, x, y, size, size, null, link);
    }

    private static void link(PDPage on, float x, float y, float w, float h, PDPage target, String uri) {
        PDAnnotationLink link = new PDAnnotationLink();
        link.setRectangle(new PDRectangle(x, y, w, h));
        PDBorderStyleDictionary none = new PDBorderStyleDictionary();
        none.setWidth(0);
        link.setBorderStyle(none);
        if (target != null) {
            PDActionGoTo go = new PDActionGoTo();
            go.setDestination(fit(target));
            link.setAction(go);
        } else {
            PDActionURI action = new PDActionURI();
            action.setURI(uri);
            link.setAction(action);
        }
        Canvas.io(() -> {
            on.getAnnotations().add(link);
        });
    }
}
