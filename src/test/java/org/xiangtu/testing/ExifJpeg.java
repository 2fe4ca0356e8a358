package org.xiangtu.testing;

import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import javax.imageio.ImageIO;

/**
 * JPEGs as a phone camera writes them, for the photo tests: pixels from ImageIO and a hand-written APP1
 * Exif segment (big-endian TIFF) right after the SOI marker, holding {@code DateTimeOriginal} and a GPS
 * position. The committed fixture {@code src/test/resources/fixtures/photo-exif-gps.jpg} (320×240, taken
 * 2020-10-14 09:35:00 at 106.0421 E, 29.8448 N, beside demo household 5001510030010001 in Tongliang) is
 * {@code ExifJpeg.photo(320, 240, "2020:10:14 09:35:00", 106.0421, 29.8448)}.
 */
public final class ExifJpeg {
    private ExifJpeg() {
    }

    /** A gradient picture of the given size with EXIF time ({@code YYYY:MM:DD HH:MM:SS}) and position. */
    public static byte[] photo(int width, int height, String dateTimeOriginal, double lon, double lat) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setPaint(new GradientPaint(0, 0, new Color(90, 150, 60), width, height, new Color(200, 180, 120)));
        g.fillRect(0, 0, width, height);
        g.setColor(new Color(150, 60, 40));
        g.fillRect(width / 4, height / 3, width / 2, height / 2);
        g.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "jpeg", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return withExif(out.toByteArray(), dateTimeOriginal, lon, lat);
    }

    /** The JPEG with an APP1 Exif segment inserted after its SOI marker. */
    public static byte[] withExif(byte[] jpeg, String dateTimeOriginal, double lon, double lat) {
        ByteBuffer tiff = ByteBuffer.allocate(190); // big-endian by default
        tiff.put("MM".getBytes(StandardCharsets.US_ASCII)).putShort((short) 42).putInt(8);
        // IFD0 at 8: the Exif and GPS IFD pointers
        tiff.putShort((short) 2);
        entry(tiff, 0x8769, 4, 1, 38);
        entry(tiff, 0x8825, 4, 1, 76);
        tiff.putInt(0);
        // Exif IFD at 38: DateTimeOriginal, its text at 56
        tiff.putShort((short) 1);
        entry(tiff, 0x9003, 2, 20, 56);
        tiff.putInt(0);
        tiff.put((dateTimeOriginal + "\0").getBytes(StandardCharsets.US_ASCII));
        // GPS IFD at 76: version, N, latitude at 142, E, longitude at 166
        tiff.putShort((short) 5);
        entry(tiff, 0x0000, 1, 4, 0x02020000);
        entry(tiff, 0x0001, 2, 2, 'N' << 24);
        entry(tiff, 0x0002, 5, 3, 142);
        entry(tiff, 0x0003, 2, 2, 'E' << 24);
        entry(tiff, 0x0004, 5, 3, 166);
        tiff.putInt(0);
        degrees(tiff, lat);
        degrees(tiff, lon);
        byte[] body = tiff.array();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(jpeg, 0, 2); // SOI
        int length = 2 + 6 + body.length;
        out.write(0xFF);
        out.write(0xE1);
        out.write(length >> 8);
        out.write(length & 0xFF);
        out.writeBytes("Exif\0\0".getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(body);
        out.write(jpeg, 2, jpeg.length - 2);
        return out.toByteArray();
    }

    private static void entry(ByteBuffer b, int tag, int type, int count, int value) {
        b.putShort((short) tag).putShort((short) type).putInt(count).putInt(value);
    }

    /** Degrees, minutes and seconds as three RATIONALs (seconds in thousandths). */
    private static void degrees(ByteBuffer b, double value) {
        int d = (int) value;
        double m = (value - d) * 60;
        int mi = (int) m;
        long s = Math.round((m - mi) * 60 * 1000);
        b.putInt(d).putInt(1).putInt(mi).putInt(1).putInt((int) s).putInt(1000);
    }
}
