package org.xiangtu.briefing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.font.PDType0Font;
import org.apache.pdfbox.pdmodel.graphics.state.PDExtendedGraphicsState;

/**
 * One page's drawing: PDFBox's content stream with what the pack needs — text in the embedded CJK font
 * (characters the font lacks become "□" rather than failing the pack), filled and stroked shapes in
 * "#rrggbb" colours, transparency — and IO errors as unchecked (a pack is made in memory).
 * Coordinates are PDF points from the bottom-left corner of an A4 page.
 */
final class Canvas implements AutoCloseable {
    static final float WIDTH = 595.28f;
    static final float HEIGHT = 841.89f;

    final PDPage page;
    private final PDPageContentStream cs;
    private final PDType0Font font;
    private final Map<Integer, Boolean> glyphs;
    private final Map<Float, PDExtendedGraphicsState> alphas = new HashMap<>();

    Canvas(PDDocument doc, PDPage page, PDType0Font font, Map<Integer, Boolean> glyphs) {
        this.page = page;
        this.font = font;
        this.glyphs = glyphs;
        try {
            this.cs = new PDPageContentStream(doc, page);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The text as the font can show it: any character without a glyph becomes □. */
    String printable(String text) {
        StringBuilder out = new StringBuilder(text.length());
        text.codePoints().forEach(cp -> {
            if (cp == '\n' || cp == '\r' || cp == '\t') {
                out.append(' ');
            } else if (glyphs.computeIfAbsent(cp, this::hasGlyph)) {
                out.appendCodePoint(cp);
            } else {
                out.append('□');
            }
        });
        return out.toString();
    }

    private boolean hasGlyph(int cp) {
        try {
            font.encode(new String(Character.toChars(cp))); // refuses a character without a glyph
            return true;
        } catch (IllegalArgumentException | IOException e) {
            return false;
        }
    }

    float width(String text, float size) {
        try {
            return font.getStringWidth(printable(text)) / 1000f * size;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Text with its baseline's left end at (x, y). */
    void text(float x, float y, float size, String color, String text) {
        if (text == null || text.isEmpty()) {
            return;
        }
        io(() -> {
            cs.beginText();
            cs.setFont(font, size);
            float[] c = color(color);
            cs.setNonStrokingColor(c[0], c[1], c[2]);
            cs.newLineAtOffset(x, y);
            cs.showText(printable(text));
            cs.endText();
        });
    }

    void textRight(float right, float y, float size, String color, String text) {
        text(right - width(text, size), y, size, color, text);
    }

    void textCentered(float centre, float y, float size, String color, String text) {
        text(centre - width(text, size) / 2, y, size, color, text);
    }

    /** Shortens a text with "…" to fit a width. */
    String fit(String text, float size, float maxWidth) {
        if (width(text, size) <= maxWidth) {
            return text;
        }
        String t = text;
        while (!t.isEmpty() && width(t + "…", size) > maxWidth) {
            t = t.substring(0, t.offsetByCodePoints(0, t.codePointCount(0, t.length()) - 1));
        }
        return t + "…";
    }

    /** Breaks a text into lines no wider than maxWidth (at any character: Chinese has no spaces). */
    List<String> wrap(String text, float size, float maxWidth) {
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            String next = line + new String(Character.toChars(cp));
            if (line.length() > 0 && width(next, size) > maxWidth) {
                lines.add(line.toString());
                line.setLength(0);
            }
            line.appendCodePoint(cp);
            i += Character.charCount(cp);
        }
        if (line.length() > 0) {
            lines.add(line.toString());
        }
        return lines;
    }

    void fillRect(float x, float y, float w, float h, String color) {
        io(() -> {
            float[] c = color(color);
            cs.setNonStrokingColor(c[0], c[1], c[2]);
            cs.addRect(x, y, w, h);
            cs.fill();
        });
    }

    void strokeRect(float x, float y, float w, float h, String color, float lineWidth) {
        io(() -> {
            float[] c = color(color);
            cs.setStrokingColor(c[0], c[1], c[2]);
            cs.setLineWidth(lineWidth);
            cs.addRect(x, y, w, h);
            cs.stroke();
        });
    }

    void line(float x1, float y1, float x2, float y2, String color, float lineWidth) {
        io(() -> {
            float[] c = color(color);
            cs.setStrokingColor(c[0], c[1], c[2]);
            cs.setLineWidth(lineWidth);
            cs.moveTo(x1, y1);
            cs.lineTo(x2, y2);
            cs.stroke();
        });
    }

    /** A circle's path (four Bézier arcs), to be filled or stroked. */
    void circlePath(float cx, float cy, float r) {
        float k = 0.5523f * r;
        io(() -> {
            cs.moveTo(cx + r, cy);
            cs.curveTo(cx + r, cy + k, cx + k, cy + r, cx, cy + r);
            cs.curveTo(cx - k, cy + r, cx - r, cy + k, cx - r, cy);
            cs.curveTo(cx - r, cy - k, cx - k, cy - r, cx, cy - r);
            cs.curveTo(cx + k, cy - r, cx + r, cy - k, cx + r, cy);
            cs.closePath();
        });
    }

    /** The raw stream, for paths built point by point (the map). */
    PDPageContentStream stream() {
        return cs;
    }

    void fillColor(String color) {
        io(() -> {
            float[] c = color(color);
            cs.setNonStrokingColor(c[0], c[1], c[2]);
        });
    }

    void strokeColor(String color, float lineWidth) {
        io(() -> {
            float[] c = color(color);
            cs.setStrokingColor(c[0], c[1], c[2]);
            cs.setLineWidth(lineWidth);
        });
    }

    void dash(float on, float off) {
        io(() -> {
            cs.setLineDashPattern(on <= 0 ? new float[0] : new float[] {on, off}, 0);
        });
    }

    /** Fill and stroke opacity from here on (within the current saved state). */
    void alpha(float a) {
        PDExtendedGraphicsState gs = alphas.computeIfAbsent(a, x -> {
            PDExtendedGraphicsState s = new PDExtendedGraphicsState();
            s.setNonStrokingAlphaConstant(x);
            s.setStrokingAlphaConstant(x);
            return s;
        });
        io(() -> {
            cs.setGraphicsStateParameters(gs);
        });
    }

    void save() {
        io(() -> {
            cs.saveGraphicsState();
        });
    }

    void restore() {
        io(() -> {
            cs.restoreGraphicsState();
        });
    }

    /** Clips what follows (until {@link #restore}) to a rectangle. */
    void clip(float x, float y, float w, float h) {
        io(() -> {
            cs.addRect(x, y, w, h);
            cs.clip();
        });
    }

    /** "#rrggbb" as red, green, blue in 0–1. */
    static float[] color(String hex) {
        int rgb = Integer.parseInt(hex.substring(1), 16);
        return new float[] {(rgb >> 16 & 0xff) / 255f, (rgb >> 8 & 0xff) / 255f, (rgb & 0xff) / 255f};
    }

    @Override
    public void close() {
        io(() -> {
            cs.close();
        });
    }

    /** Drawing that PDFBox declares as IO (it writes to memory here). */
    interface Draw {
        void run() throws IOException;
    }

    static void io(Draw draw) {
        try {
            draw.run();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
