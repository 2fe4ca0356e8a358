package org.xiangtu.edit;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.List;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * The photos' pixels, with Java2D and ImageIO only: decoding what a device sent (its size is read from
 * the header first, so that a small file that decodes to a huge image is refused before it fills the heap),
 * re-encoding it as a JPEG that carries no metadata (ImageIO's writer writes a JFIF header and the pixels:
 * the original EXIF, with its position and camera, never leaves the server), a thumbnail, and a copy with
 * a caption stamped on it. The caption is ASCII: no CJK font is guaranteed on a server. Pure functions,
 * thread-safe.
 */
public final class PhotoImages {
    /** JPEG quality of the stored images. */
    static final float QUALITY = 0.85f;

    /** The bytes are not an image this server can read (JPEG or PNG; WebP only where a codec is installed). */
    public static final class NotAnImage extends Exception {
        NotAnImage(String message) {
            super(message);
        }
    }

    /** The image decodes to more than the allowed pixels. */
    public static final class TooManyPixels extends Exception {
        TooManyPixels(long pixels) {
            super(pixels + " pixels");
        }
    }

    private PhotoImages() {
    }

    /** Decodes an image as RGB, refusing one larger than {@code maxPixels} before decoding its pixels. */
    public static BufferedImage decode(byte[] bytes, long maxPixels) throws NotAnImage, TooManyPixels {
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(bytes))) {
            Iterator<ImageReader> readers = in == null ? null : ImageIO.getImageReaders(in);
            if (readers == null || !readers.hasNext()) {
                throw new NotAnImage("no image format recognised");
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                long pixels = (long) reader.getWidth(0) * reader.getHeight(0);
                if (pixels > maxPixels) {
                    throw new TooManyPixels(pixels);
                }
                return rgb(reader.read(0));
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException e) {
            throw new NotAnImage("unreadable image: " + e.getMessage());
        }
    }

    /**
     * A thumbnail JPEG of a stored image, whose longest side is at most {@code side}: decoded with every n-th
     * pixel of every n-th row (n as large as keeps the longest side at least {@code side}), then scaled.
     */
    public static byte[] thumbnail(byte[] stored, int side) throws NotAnImage {
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(stored))) {
            Iterator<ImageReader> readers = in == null ? null : ImageIO.getImageReaders(in);
            if (readers == null || !readers.hasNext()) {
                throw new NotAnImage("no image format recognised");
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                int step = Math.max(1, Math.max(reader.getWidth(0), reader.getHeight(0)) / side);
                javax.imageio.ImageReadParam param = reader.getDefaultReadParam();
                param.setSourceSubsampling(step, step, 0, 0);
                return jpeg(thumbnail(rgb(reader.read(0, param)), side));
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException e) {
            throw new NotAnImage("unreadable image: " + e.getMessage());
        }
    }

    /** The image as a JPEG without metadata. */
    public static byte[] jpeg(BufferedImage image) {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (MemoryCacheImageOutputStream stream = new MemoryCacheImageOutputStream(out)) {
            writer.setOutput(stream);
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(QUALITY);
            writer.write(null, new IIOImage(image, null, null), param);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            writer.dispose();
        }
        return out.toByteArray();
    }

    /** The image scaled down (never up) so that its longest side is at most {@code side}, in halving steps. */
    public static BufferedImage thumbnail(BufferedImage image, int side) {
        BufferedImage current = image;
        int longest = Math.max(image.getWidth(), image.getHeight());
        while (longest > side) {
            double factor = Math.max(0.5, (double) side / longest);
            int w = Math.max(1, (int) Math.round(current.getWidth() * factor));
            int h = Math.max(1, (int) Math.round(current.getHeight() * factor));
            BufferedImage next = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
            Graphics2D g = next.createGraphics();
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.drawImage(current, 0, 0, w, h, null);
            g.dispose();
            current = next;
            longest = Math.max(w, h);
        }
        return current;
    }

    /** A copy of the image with the lines (non-ASCII characters as '?') on a dark band at its foot. */
    public static BufferedImage stamp(BufferedImage image, List<String> lines) {
        BufferedImage copy = rgb(image);
        Graphics2D g = copy.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        int size = Math.max(12, copy.getWidth() / 40);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, size));
        int lineHeight = g.getFontMetrics().getHeight();
        int band = lineHeight * lines.size() + size / 2;
        g.setColor(new Color(0, 0, 0, 160));
        g.fillRect(0, copy.getHeight() - band, copy.getWidth(), band);
        g.setColor(Color.WHITE);
        int y = copy.getHeight() - band + g.getFontMetrics().getAscent() + size / 4;
        for (String line : lines) {
            g.drawString(line.replaceAll("[^\\x20-\\x7E]", "?"), size / 2, y);
            y += lineHeight;
        }
        g.dispose();
        return copy;
    }

    /** The image as opaque RGB (an alpha channel drawn on white), a fresh copy. */
    private static BufferedImage rgb(BufferedImage image) {
        BufferedImage out = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, out.getWidth(), out.getHeight());
        g.drawImage(image, 0, 0, null);
        g.dispose();
        return out;
    }
}
