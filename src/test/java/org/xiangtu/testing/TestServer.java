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
import org.xiangtu.App;
import org.xiangtu.catalog.Catalog;
import org.xiangtu.catalog.CatalogLoader;
import org.xiangtu.catalog.DataSource;
import org.xiangtu.config.AppConfig;
import org.xiangtu.config.ConfigLoader;
import org.xiangtu.store.geopackage.GeoPackageStore;
import org.xiangtu.web.Routes;

/**
 * The real server for tests: a GeoPackage built from {@code data/} into a temporary folder, the
 * app started on 127.0.0.1 with a free port. Close it to stop the server and delete the folder.
 */
public final class TestServer implements AutoCloseable {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public final Path dir;
    public final Catalog catalog;
    public final GeoPackageStore store;
    public final Javalin app;
    private final Routes routes;

    private TestServer(Path dir, Catalog catalog, GeoPackageStore store, Routes routes, Javalin app) {
        this.dir = dir;
        this.catalog = catalog;
        this.store = store;
        this.routes = routes;
        this.app = app;
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
            var all = new java.util.HashMap<>(Map.of("server.host", "127.0.0.1", "server.port", "0"));
            all.putAll(overrides);
            AppConfig config = ConfigLoader.load(null, Map.of(), all);
            Routes routes = App.routes(config, catalog, store);
            Javalin app = App.create(config, routes).start();
            return new TestServer(dir, catalog, store, routes, app);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
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
                    .timeout(Duration.ofSeconds(20)).build();
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
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temporary folder left behind is harmless
        }
    }
}
