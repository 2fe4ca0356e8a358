package org.xiangtu.store.geopackage;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.xiangtu.App;
import org.xiangtu.catalog.CatalogLoader;
import org.xiangtu.catalog.DataSource;
import org.xiangtu.store.AuditEntry;
import org.xiangtu.store.FieldStore.Visit;
import org.xiangtu.store.PhotoStore;
import org.xiangtu.store.PhotoStoreContract;
import org.xiangtu.store.WorkBackend;
import org.xiangtu.store.WorkStore;

/**
 * The {@link PhotoStoreContract} on a GeoPackage file, and where the GeoPackage keeps what an unfinished upload
 * received: one file per upload beside the GeoPackage (its length is {@code received}), gone once the photo is
 * stored or the upload expires.
 */
class GeoPackagePhotoStoreTest extends PhotoStoreContract {
    @Override
    protected WorkBackend open() throws IOException {
        return GeoPackageWorkBackend.open();
    }

    @Test
    void an_uploads_bytes_are_one_file_beside_the_geopackage_until_the_photo_is_stored() throws Exception {
        Path dir = Files.createTempDirectory("xiangtu-chunks");
        DataSource data = DataSource.folder(Path.of("data"));
        Path gpkg = dir.resolve("work.gpkg");
        GeoPackageStore store = App.openGeoPackage(gpkg, CatalogLoader.read(data), data);
        try (WorkStore work = store.openWork()) {
            PhotoStore photos = work.photos();
            String visit = UUID.randomUUID().toString();
            work.field().addVisit(new Visit(visit, HOUSEHOLD, VILLAGE, CADRE, "2020-06-10T10:00:00+08:00", "monthly",
                    null, 0, null, null, Instant.now().truncatedTo(ChronoUnit.MILLIS)), entry("psc-visit", visit));
            String id = UUID.randomUUID().toString();
            String old = UUID.randomUUID().toString();
            photos.begin(upload(id, visit, 10, Instant.now()), ROOMY);
            photos.begin(upload(old, visit, 10, Instant.parse("2001-01-01T00:00:00Z")), ROOMY);
            photos.append(id, 0, bytes(4, 1));
            photos.append(old, 0, bytes(3, 1));
            Path file = GeoPackageStore.uploadsFolder(gpkg).resolve(id + ".part");
            assertThat(file).hasBinaryContent(bytes(4, 1));
            assertThat(GeoPackageStore.uploadsFolder(gpkg).resolve(old + ".part")).exists();
            assertThat(photos.upload(id).orElseThrow().received()).isEqualTo(4);
            photos.complete(photo(id, visit), bytes(50, 7), new byte[0], entry("psc-photo", id));
            assertThat(file).doesNotExist();
            photos.begin(upload(UUID.randomUUID().toString(), visit, 10, Instant.now()),
                    new PhotoStore.Limits(6, 20, Instant.parse("2002-01-01T00:00:00Z")));
            assertThat(GeoPackageStore.uploadsFolder(gpkg).resolve(old + ".part")).doesNotExist();
        } finally {
            store.close();
            try (var files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }
}
