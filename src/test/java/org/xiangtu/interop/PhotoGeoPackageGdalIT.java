package org.xiangtu.interop;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.xiangtu.App;
import org.xiangtu.catalog.Catalog;
import org.xiangtu.catalog.CatalogLoader;
import org.xiangtu.catalog.DataSource;
import org.xiangtu.edit.PhotoImages;
import org.xiangtu.store.AuditEntry;
import org.xiangtu.store.FieldStore.Visit;
import org.xiangtu.store.PhotoStore;
import org.xiangtu.store.WorkStore;
import org.xiangtu.store.geopackage.GeoPackageStore;
import org.xiangtu.testing.Requirements;

/**
 * The photos in the GeoPackage, opened by GDAL (3.6 on Debian 12): after the store holds a photo of a
 * visit, {@code ogrinfo} lists the media table {@code field_photos} and its mapping tables and reads the
 * photo's row, and GDAL reports the Related Tables relationships ({@code media}) from {@code visits} and
 * {@code work_logs} to it, so QGIS and other GDAL clients find the photos. ogrinfo 3.6 does not print
 * relationships, so the last test asks GDAL's C API through {@code src/test/resources/gdal/relationships.py}.
 */
class PhotoGeoPackageGdalIT {
    private static final String PYTHON = "/usr/bin/python3";
    private static Path dir;
    private static Path gpkg;

    @BeforeAll
    static void storeAPhoto() throws Exception {
        Requirements.requireExecutable(Ogrinfo.PATH, "GDAL ogrinfo");
        dir = Files.createTempDirectory("xiangtu-photo-gdal");
        gpkg = dir.resolve("xiangtu.gpkg");
        DataSource data = DataSource.folder(Path.of("data"));
        Catalog catalog = CatalogLoader.read(data);
        GeoPackageStore store = App.openGeoPackage(gpkg, catalog, data);
        try (WorkStore work = store.openWork()) {
            String visit = UUID.randomUUID().toString();
            Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
            work.field().addVisit(new Visit(visit, "5001510030010001", "500151003001", "gb50015100300101",
                    "2020-10-14T09:40:00+08:00", "monthly", null, 0, null, null, now),
                    new AuditEntry(0, now, "gb50015100300101", "192.0.2.1", "visit-add", visit, "ok", "{}"));
            byte[] fixture = Files.readAllBytes(Path.of("src/test/resources/fixtures/photo-exif-gps.jpg"));
            var image = PhotoImages.decode(fixture, Long.MAX_VALUE);
            String id = UUID.randomUUID().toString();
            PhotoStore.Photo photo = new PhotoStore.Photo(id, "visit", visit, "gb50015100300101", "500151003001",
                    "5001510030010001", "2020-10-14T09:35:00", 106.0421, 29.8448, 106.0422, 29.8449, "",
                    fixture.length, image.getWidth(), image.getHeight(), "ab".repeat(32), now);
            assertThat(work.photos().complete(photo, PhotoImages.jpeg(image),
                    PhotoImages.jpeg(PhotoImages.thumbnail(image, 32)),
                    new AuditEntry(0, now, "gb50015100300101", "192.0.2.1", "photo-add", id, "ok", "{}")))
                    .isInstanceOf(PhotoStore.Stored.class);
        } finally {
            store.close();
        }
    }

    @AfterAll
    static void deleteGeoPackage() throws IOException {
        if (dir != null) {
            try (var files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    @Test
    void ogrinfo_lists_the_media_table_and_its_mapping_tables() {
        Ogrinfo.Result r = Ogrinfo.run("-ro", "-so", gpkg.toString());
        assertThat(r.exit()).as(r.describe()).isZero();
        assertThat(r.stderr()).as(r.describe()).doesNotContain("ERROR").doesNotContain("Warning");
        // GDAL 3.6 lists attribute tables with "(None)"; its ogrinfo prints no relationships (3.7 does)
        assertThat(r.stdout().lines()).as(r.describe()).anyMatch(l -> l.matches("\\d+: field_photos \\(None\\)"))
                .anyMatch(l -> l.matches("\\d+: visits_field_photos \\(None\\)"))
                .anyMatch(l -> l.matches("\\d+: work_logs_field_photos \\(None\\)"));
    }

    @Test
    void ogrinfo_reads_the_photo_row() {
        Ogrinfo.Result r = Ogrinfo.run("-ro", "-al", "-q", gpkg.toString(), "field_photos");
        assertThat(r.exit()).as(r.describe()).isZero();
        assertThat(r.stdout()).as(r.describe()).contains("record_kind (String) = visit")
                .contains("content_type (String) = image/jpeg").contains("village_code (String) = 500151003001");
        Ogrinfo.Result mapping = Ogrinfo.run("-ro", "-al", "-q", gpkg.toString(), "visits_field_photos");
        assertThat(mapping.stdout()).as(mapping.describe()).contains("base_id (Integer64) = ")
                .contains("related_id (Integer64) = 1");
    }

    @Test
    void gdal_finds_the_media_relationships_of_visits_and_work_logs() throws Exception {
        Path python = Requirements.requireExecutable(PYTHON, "python3 (to ask GDAL's C API for relationships)");
        Process p = new ProcessBuilder(python.toString(), Path.of("src/test/resources/gdal/relationships.py")
                .toString(), gpkg.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        assertThat(out.lines().toList()).as(out).containsExactlyInAnyOrder(
                "visits_field_photos_media visits field_photos visits_field_photos media",
                "work_logs_field_photos_media work_logs field_photos work_logs_field_photos media");
    }
}
