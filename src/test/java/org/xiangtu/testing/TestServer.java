package org.xiangtu.testing;

import io.javalin.Javalin;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.xiangtu.io.LayerFiles;
import org.xiangtu.App;
import org.xiangtu.catalog.Catalog;
import org.xiangtu.catalog.CatalogLoader;
import org.xiangtu.catalog.DataSource;
import org.xiangtu.config.AppConfig;
import org.xiangtu.config.ConfigLoader;
import org.xiangtu.store.FeatureStore;
import org.xiangtu.store.geopackage.GeoPackageStore;
import org.xiangtu.store.postgis.PostgisImporter;
import org.xiangtu.web.Routes;

/**
 * The real server for tests: on a GeoPackage built from {@code data/} into a temporary folder
 * ({@link #start}) or into a file the caller keeps ({@link #startOn}), or on PostGIS, a fresh test
 * database loaded with {@code data/} by the importer ({@link #startPostgis}); the app started on
 * 127.0.0.1 with a free port. Close it to stop the server and delete the folder (and the database).
 */
public final class TestServer implements AutoCloseable {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** The temporary folder the server owns; null when started on a caller's file ({@link #startOn}). */
    public final Path dir;
    public final Catalog catalog;
    public final FeatureStore store;
    public final Javalin app;
    private final Routes routes;
    private final TestDatabase database;

    private TestServer(Path dir, Catalog catalog, FeatureStore store, Routes routes, Javalin app, TestDatabase database) {
        this.dir = dir;
        this.catalog = catalog;
        this.store = store;
        this.routes = routes;
        this.app = app;
        this.database = database;
    }

    /** The route table the running server was built with. */
    public Routes routes() {
        return routes;
    }

    public static TestServer start() {
        return start(Map.of());
    }

    /** @param overrides dotted config keys ("paging.maxLimit") to values */
    public static TestServer start(Map<String, String> overrides) {
        try {
            Path dir = Files.createTempDirectory("xiangtu-test");
            DataSource data = DataSource.folder(Path.of("data"));
            Catalog catalog = CatalogLoader.read(data);
            GeoPackageStore store = App.openGeoPackage(dir.resolve("test.gpkg"), catalog, data);
            return start(dir, catalog, store, overrides, null);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * On the GeoPackage {@code gpkg}, built from {@code data/} when it does not exist yet. The file is
     * not the server's: closing the server leaves it, so another server can start on it (a restart).
     */
    public static TestServer startOn(Path gpkg, Map<String, String> overrides) {
        DataSource data = DataSource.folder(Path.of("data"));
        Catalog catalog = CatalogLoader.read(data);
        GeoPackageStore store = App.openGeoPackage(gpkg, catalog, data);
        return start(null, catalog, store, overrides, null);
    }

    /**
     * On PostGIS: a fresh database (skips, or fails in CI, without {@code XIANGTU_TEST_DATABASE_URL}),
     * loaded from {@code data/} by the importer, the store chosen by {@code store.databaseUrl} as in
     * production. The database is dropped on close.
     */
    public static TestServer startPostgis(Map<String, String> overrides) {
        TestDatabase db = TestDatabase.create();
        try {
            DataSource data = DataSource.folder(Path.of("data"));
            Catalog catalog = CatalogLoader.read(data);
            PostgisImporter.importAll(db.url, catalog, LayerFiles.readAll(catalog, data), Map.of(), 5_000);
            return startPostgis(db, db.urlString(), overrides, true);
        } catch (RuntimeException e) {
            db.close();
            throw e;
        }
    }

    /**
     * On PostGIS at {@code databaseUrl} (for instance through a proxy to {@code db}), already loaded.
     *
     * @param ownsDatabase drop {@code db} when the server is closed
     */
    public static TestServer startPostgis(TestDatabase db, String databaseUrl, Map<String, String> overrides,
            boolean ownsDatabase) {
        try {
            Path dir = Files.createTempDirectory("xiangtu-test");
            DataSource data = DataSource.folder(Path.of("data"));
            Catalog catalog = CatalogLoader.read(data);
            var all = new java.util.HashMap<>(overrides);
            all.put("store.databaseUrl", databaseUrl);
            AppConfig config = config(all);
            FeatureStore store = App.openStore(config, catalog, data);
            return start(dir, catalog, store, all, ownsDatabase ? db : null);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static AppConfig config(Map<String, String> overrides) {
        var all = new java.util.HashMap<>(Map.of("server.host", "127.0.0.1", "server.port", "0"));
        all.putAll(overrides);
        return ConfigLoader.load(null, Map.of(), all);
    }

    private static TestServer start(Path dir, Catalog catalog, FeatureStore store, Map<String, String> overrides,
            TestDatabase db) {
        AppConfig config = config(overrides);
        Routes routes = App.routes(config, catalog, store);
        Javalin app = App.create(config, routes).start();
        return new TestServer(dir, catalog, store, routes, app, db);
    }

    /** Adds a user straight into the store (as {@code xiangtu user add} does). */
    public void addUser(String name, org.xiangtu.catalog.Role role, String password) {
        new org.xiangtu.account.Users(routes.work().users()).add(name, role,
                org.xiangtu.account.PasswordHasher.hash(password));
    }

    /** A fresh client (own cookies) for this server. */
    public ApiClient client() {
        return new ApiClient("http://127.0.0.1:" + app.port());
    }

    public String url(String path) {
        return "http://127.0.0.1:" + app.port() + path;
    }

    public HttpResponse<String> get(String path) {
        return send("GET", path);
    }

    public HttpResponse<String> send(String method, String path) {
        try {
            HttpRequest req = HttpRequest.newBuilder(URI.create(url(path)))
                    .method(method, HttpRequest.BodyPublishers.noBody())
                    .timeout(Duration.ofSeconds(120)).build();
            return HTTP.send(req, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        app.stop();
        store.close();
        if (database != null) {
            database.close();
        }
        if (dir == null) {
            return; // a store file given by the caller stays
        }
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temporary folder left behind is harmless
        }
    }
}
