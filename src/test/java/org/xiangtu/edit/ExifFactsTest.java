package org.xiangtu.edit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** {@link ExifFacts} on the EXIF fixture, on the fixture stripped, and on every cut of it (never an error). */
class ExifFactsTest {
    @Test
    void the_fixtures_time_and_position_are_read_and_none_are_left_after_the_strip() throws Exception {
        byte[] fixture = Files.readAllBytes(Path.of("src/test/resources/fixtures/photo-exif-gps.jpg"));
        ExifFacts.Facts f = ExifFacts.read(fixture);
        assertThat(f.takenAt()).isEqualTo("2020-10-14T09:35:00");
        assertThat(f.lon()).isCloseTo(106.0421, org.assertj.core.data.Offset.offset(1e-4));
        assertThat(f.lat()).isCloseTo(29.8448, org.assertj.core.data.Offset.offset(1e-4));
        assertThat(ExifFacts.read(JpegStrip.strip(fixture, Long.MAX_VALUE).jpeg())).isEqualTo(ExifFacts.Facts.NONE);
        for (int cut = 0; cut < 4_000 && cut < fixture.length; cut++) {
            ExifFacts.Facts part = ExifFacts.read(Arrays.copyOf(fixture, cut)); // no exception, whatever is found
            assertThat(part.lon() == null).isEqualTo(part.lat() == null);
        }
    }
}
