package org.xiangtu.store.geopackage;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.xiangtu.App;
import org.xiangtu.catalog.Catalog;
import org.xiangtu.catalog.CatalogLoader;
import org.xiangtu.catalog.DataSource;
import org.xiangtu.store.AuditEntry;
import org.xiangtu.store.FieldStore.Visit;
import org.xiangtu.store.PhotoStore;
import org.xiangtu.store.WorkStore;

/**
 * A GeoPackage holding an unfinished photo upload (no audit entry yet) counts it as work, so a change of
 * the data does not rebuild the file over it; a file without the photo tables still counts its users and
 * audit entries.
 */
class GeoPackagePhotoWorkRowsTest {
    @Test
    void an_open_photo_upload_is_work_a_rebuild_would_lose() throws Exception {
        Path dir = Files.createTempDirectory("xiangtu-photo-rows");
        Path gpkg = dir.resolve("work.gpkg");
        try {
            DataSource data = DataSource.folder(Path.of("data"));
            Catalog catalog = CatalogLoader.read(data);
            long before;
            try (GeoPackageStore store = App.openGeoPackage(gpkg, catalog, data); WorkStore work = store.openWork()) {
                String visit = UUID.randomUUID().toString();
                Instant now = Instant.now();
                work.field().addVisit(new Visit(visit, "5001510030010001", "500151003001", "gb50015100300101",
                        "2020-10-14T09:40:00+08:00", "monthly", null, 0, null, null, now),
                        new AuditEntry(0, now, "gb50015100300101", "192.0.2.1", "visit-add", visit, "ok", "{}"));
                before = GeoPackageStore.workRows(gpkg);
                assertThat(before).isPositive();
                PhotoStore.Begun begun = work.photos().begin(new PhotoStore.Upload(UUID.randomUUID().toString(),
                        "gb50015100300101", "visit", visit, 10, "ab".repeat(32), "image/jpeg", null, null, null,
                        null, null, 0, now), new PhotoStore.Limits(6, 20, Instant.EPOCH));
                assertThat(begun).isInstanceOf(PhotoStore.Started.class);
            }
            assertThat(GeoPackageStore.workRows(gpkg)).isEqualTo(before + 1);
            try (Connection c = Sqlite.open(gpkg); Statement st = c.createStatement()) {
                st.executeUpdate("DROP TABLE xiangtu_photo_uploads");
            }
            assertThat(GeoPackageStore.workRows(gpkg)).as("users and audit without the photo tables").isEqualTo(before);
        } finally {
            try (var files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }
}
