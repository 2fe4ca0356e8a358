package org.xiangtu.briefing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import org.apache.fontbox.ttf.TrueTypeCollection;
import org.apache.fontbox.ttf.TrueTypeFont;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.font.PDType0Font;

/**
 * The pack's one font: WenQuanYi Micro Hei (文泉驿微米黑, Apache-2.0), shipped in the jar at
 * {@code fonts/wqy-microhei.ttc} with its licence, so no font needs to be installed on the server. It is a
 * TrueType (glyf) font, which PDFBox can subset: a pack embeds only the glyphs it uses. Chosen over Noto Sans
 * CJK (CFF outlines: PDFBox embeds those whole, ~16 MB a pack) and over web fonts (WOFF2 only on npm).
 * The file's bytes are read once; each pack parses its own copy (a parsed font is not shared between
 * threads) and must be closed after its document is saved.
 */
final class PackFont implements AutoCloseable {
    static final String RESOURCE = "/fonts/wqy-microhei.ttc";
    static final String NAME = "WenQuanYi Micro Hei";
    private static volatile byte[] bytes;

    private final TrueTypeCollection collection;
    final PDType0Font font;

    private PackFont(TrueTypeCollection collection, PDType0Font font) {
        this.collection = collection;
        this.font = font;
    }

    /** The font for a document, subset-embedded. */
    static PackFont load(PDDocument doc) {
        try {
            TrueTypeCollection ttc = new TrueTypeCollection(new java.io.ByteArrayInputStream(bytes()));
            TrueTypeFont[] first = new TrueTypeFont[1];
            ttc.processAllFonts(f -> {
                if (first[0] == null && !f.getName().contains("Mono")) {
                    first[0] = f;
                }
            });
            if (first[0] == null) {
                throw new IOException("no font in " + RESOURCE);
            }
            return new PackFont(ttc, PDType0Font.load(doc, first[0], true));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot load the pack's font " + RESOURCE, e);
        }
    }

    private static byte[] bytes() throws IOException {
        byte[] b = bytes;
        if (b == null) {
            try (InputStream in = PackFont.class.getResourceAsStream(RESOURCE)) {
                if (in == null) {
                    throw new IOException(RESOURCE + " is not in the jar");
                }
                b = in.readAllBytes();
            }
            bytes = b;
        }
        return b;
    }

    @Override
    public void close() {
        try {
            collection.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
