package org.xiangtu;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.xiangtu.catalog.Catalog;
import org.xiangtu.catalog.CatalogLoader;
import org.xiangtu.catalog.DataSource;
import org.xiangtu.io.LayerFiles;
import org.xiangtu.store.postgis.PostgisImporter;
import org.xiangtu.testing.RequiresPostgis;
import org.xiangtu.testing.TestDatabase;
import org.xiangtu.testing.TestServer;

/** The {@link SessionRestartContract} on one PostGIS database, which each server in turn opens. */
@RequiresPostgis
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SessionRestartPostgisIT extends SessionRestartContract {
    private TestDatabase db;

    @BeforeAll
    void database() {
        db = TestDatabase.create();
        DataSource data = DataSource.folder(Path.of("data"));
        Catalog catalog = CatalogLoader.read(data);
        PostgisImporter.importAll(db.url, catalog, LayerFiles.readAll(catalog, data), Map.of(), 5_000);
    }

    @AfterAll
    void drop() {
        if (db != null) {
            db.close();
        }
    }

    @Override
    protected TestServer startServer() {
        return TestServer.startPostgis(db, db.urlString(), Map.of(), false);
    }

    @Override
    protected List<String> storeOptions() {
        return List.of("--database-url", db.urlString());
    }
}
