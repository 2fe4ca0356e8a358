package org.xiangtu.store.postgis;

import java.nio.file.Path;
import java.util.Map;
import org.xiangtu.io.LayerFiles;
import org.xiangtu.catalog.Catalog;
import org.xiangtu.catalog.CatalogLoader;
import org.xiangtu.catalog.DataSource;
import org.xiangtu.store.WorkBackend;
import org.xiangtu.testing.TestDatabase;

/** A fresh PostGIS database holding {@code data/}, with its work store open. */
final class PostgisWorkBackend {
    private PostgisWorkBackend() {
    }

    static WorkBackend open(TestDatabase db) {
        DataSource data = DataSource.folder(Path.of("data"));
        Catalog catalog = CatalogLoader.read(data);
        PostgisImporter.importAll(db.url, catalog, LayerFiles.readAll(catalog, data), Map.of(), 5_000);
        PostgisStore store = PostgisStore.open(db.url, catalog, PostgisStore.Options.of(10_000, 3_000));
        return WorkBackend.of(store.openWork(), store, db).with(store);
    }
}
