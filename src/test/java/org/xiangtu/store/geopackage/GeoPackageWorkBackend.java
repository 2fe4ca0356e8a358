package org.xiangtu.store.geopackage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.xiangtu.App;
import org.xiangtu.catalog.Catalog;
import org.xiangtu.catalog.CatalogLoader;
import org.xiangtu.catalog.DataSource;
import org.xiangtu.store.WorkBackend;

/** A GeoPackage built from {@code data/} in a temporary folder (removed on close), with its work store open. */
final class GeoPackageWorkBackend {
    private GeoPackageWorkBackend() {
    }

    static WorkBackend open() throws IOException {
        Path dir = Files.createTempDirectory("xiangtu-work");
        DataSource data = DataSource.folder(Path.of("data"));
        Catalog catalog = CatalogLoader.read(data);
        GeoPackageStore store = App.openGeoPackage(dir.resolve("work.gpkg"), catalog, data);
        return WorkBackend.of(store.openWork(), store, () -> {
            try (var files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }).with(store);
    }
}
