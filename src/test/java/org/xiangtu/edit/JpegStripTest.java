package org.xiangtu.edit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/**
 * {@link JpegStrip} on the EXIF fixture (a phone photo with GPS), on a JPEG crafted with XMP, Photoshop/IPTC,
 * MPF, a comment, an ICC profile and an Exif "second image" after its end, and on broken files: the
 * metadata is gone byte for byte, the pixels are the same as the original's, the size comes from the frame
 * header, and a broken or oversized file is refused with the two exceptions the web layer answers 415 and
 * 422 (never anything else).
 */
class JpegStripTest {
    private static final List<String> SECRETS = List.of("Exif", "xmpmeta", "Photoshop 3.0", "MPF\0", "GPS",
            "a comment naming the household");

    private static byte[] fixture() throws Exception {
        return Files.readAllBytes(Path.of("src/test/resources/fixtures/photo-exif-gps.jpg"));
    }

    private static boolean contains(byte[] bytes, String text) {
        byte[] t = text.getBytes(StandardCharsets.ISO_8859_1);
        for (int i = 0; i + t.length <= bytes.length; i++) {
            if (Arrays.equals(bytes, i, i + t.length, t, 0, t.length)) {
                return true;
            }
        }
        return false;
    }

    private static int[] pixels(byte[] jpeg) throws Exception {
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(jpeg));
        return image.getRGB(0, 0, image.getWidth(), image.getHeight(), null, 0, image.getWidth());
    }

    private static byte[] segment(int marker, String payload) {
        byte[] p = payload.getBytes(StandardCharsets.ISO_8859_1);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0xFF);
        out.write(marker);
        out.write((p.length + 2) >> 8);
        out.write((p.length + 2) & 0xFF);
        out.writeBytes(p);
        return out.toByteArray();
    }

    /** A small JPEG from ImageIO with metadata segments put after its JFIF header and data after its end. */
    private static byte[] crafted() throws Exception {
        BufferedImage image = new BufferedImage(64, 48, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(Color.ORANGE);
        g.fillRect(0, 0, 64, 48);
        g.setColor(Color.BLUE);
        g.fillOval(10, 5, 30, 30);
        g.dispose();
        byte[] plain = PhotoImages.jpeg(image);
        int jfifEnd = 4 + (((plain[4] & 0xFF) << 8) | (plain[5] & 0xFF));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(plain, 0, jfifEnd);
        out.writeBytes(segment(0xE1, "http://ns.adobe.com/xap/1.0/\0<x:xmpmeta><exif:GPSLatitude>29.8</x:xmpmeta>"));
        out.writeBytes(segment(0xE1, "Exif\0\0MM\0*GPS 106.04 29.84"));
        out.writeBytes(segment(0xED, "Photoshop 3.0\08BIM IPTC by-line"));
        out.writeBytes(segment(0xE2, "MPF\0II*\0 second image index"));
        out.writeBytes(segment(0xE2, "ICC_PROFILE\0\1\1 profile bytes"));
        out.writeBytes(segment(0xFE, "a comment naming the household"));
        out.write(plain, jfifEnd, plain.length - jfifEnd);
        out.writeBytes(new byte[] {(byte) 0xFF, (byte) 0xD8});
        out.writeBytes(segment(0xE1, "Exif\0\0 of the MPF second image, GPS"));
        return out.toByteArray();
    }

    @Test
    void the_fixtures_exif_and_gps_are_gone_and_its_pixels_and_size_stay() throws Exception {
        byte[] fixture = fixture();
        assertThat(contains(fixture, "Exif")).isTrue();
        JpegStrip.Stripped s = JpegStrip.strip(fixture, 40_000_000);
        assertThat(contains(s.jpeg(), "Exif")).isFalse();
        assertThat(s.jpeg().length).isLessThan(fixture.length);
        BufferedImage original = ImageIO.read(new ByteArrayInputStream(fixture));
        assertThat(s.width()).isEqualTo(original.getWidth());
        assertThat(s.height()).isEqualTo(original.getHeight());
        assertThat(pixels(s.jpeg())).isEqualTo(pixels(fixture));
        assertThat(JpegStrip.strip(s.jpeg(), 40_000_000).jpeg()).isEqualTo(s.jpeg()); // nothing left to strip
    }

    @Test
    void xmp_iptc_mpf_comments_and_what_follows_the_end_are_dropped_jfif_and_icc_kept() throws Exception {
        byte[] crafted = crafted();
        for (String secret : SECRETS) {
            assertThat(contains(crafted, secret)).as(secret).isTrue();
        }
        JpegStrip.Stripped s = JpegStrip.strip(crafted, 40_000_000);
        for (String secret : SECRETS) {
            assertThat(contains(s.jpeg(), secret)).as(secret).isFalse();
        }
        assertThat(contains(s.jpeg(), "JFIF\0")).isTrue();
        assertThat(contains(s.jpeg(), "ICC_PROFILE\0")).isTrue();
        assertThat(s.width()).isEqualTo(64);
        assertThat(s.height()).isEqualTo(48);
        assertThat((s.jpeg()[s.jpeg().length - 2] & 0xFF) << 8 | (s.jpeg()[s.jpeg().length - 1] & 0xFF))
                .isEqualTo(0xFFD9);
        assertThat(pixels(s.jpeg())).isEqualTo(pixels(crafted));
    }

    @Test
    void a_file_cut_anywhere_is_not_an_image() throws Exception {
        byte[] fixture = fixture();
        for (int cut = 0; cut < fixture.length - 1; cut += cut < 4_000 ? 1 : 97) {
            byte[] part = Arrays.copyOf(fixture, cut);
            assertThatThrownBy(() -> JpegStrip.strip(part, 40_000_000)).as("cut at " + cut)
                    .isInstanceOf(PhotoImages.NotAnImage.class);
        }
    }

    @Test
    void broken_segments_are_not_an_image_and_a_huge_frame_is_too_many_pixels() throws Exception {
        byte[] fixture = fixture();
        byte[] text = "not a photo".getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> JpegStrip.strip(text, 40_000_000)).isInstanceOf(PhotoImages.NotAnImage.class);
        byte[] runsPast = Arrays.copyOf(new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE1, 0x7F, 0x00}, 64);
        assertThatThrownBy(() -> JpegStrip.strip(runsPast, 40_000_000)).isInstanceOf(PhotoImages.NotAnImage.class);
        byte[] noMarker = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE0, 0x00, 0x04, 0x00, 0x00, 0x12, 0x34};
        assertThatThrownBy(() -> JpegStrip.strip(noMarker, 40_000_000)).isInstanceOf(PhotoImages.NotAnImage.class);
        int sof = sofAt(fixture);
        byte[] zeroWidth = fixture.clone();
        zeroWidth[sof + 7] = 0;
        zeroWidth[sof + 8] = 0;
        assertThatThrownBy(() -> JpegStrip.strip(zeroWidth, 40_000_000)).isInstanceOf(PhotoImages.NotAnImage.class);
        byte[] huge = fixture.clone();
        huge[sof + 5] = (byte) 0xFF; // 65,280+ rows
        huge[sof + 7] = (byte) 0xFF; // 65,280+ columns
        assertThatThrownBy(() -> JpegStrip.strip(huge, 40_000_000)).isInstanceOf(PhotoImages.TooManyPixels.class);
        BufferedImage original = ImageIO.read(new ByteArrayInputStream(fixture));
        long pixels = (long) original.getWidth() * original.getHeight();
        assertThatThrownBy(() -> JpegStrip.strip(fixture, pixels - 1)).isInstanceOf(PhotoImages.TooManyPixels.class);
        assertThat(JpegStrip.strip(fixture, pixels).width()).isEqualTo(original.getWidth());
    }

    /** Where the frame header's marker (FF C0 or FF C2) is, walking the segments (not into the Exif thumbnail). */
    private static int sofAt(byte[] jpeg) {
        int i = 2;
        while (i + 3 < jpeg.length) {
            int marker = jpeg[i + 1] & 0xFF;
            if (marker == 0xC0 || marker == 0xC2) {
                return i;
            }
            i += 2 + (((jpeg[i + 2] & 0xFF) << 8) | (jpeg[i + 3] & 0xFF));
        }
        throw new AssertionError("no frame header");
    }
}
