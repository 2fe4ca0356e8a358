package org.xiangtu;

import io.javalin.Javalin;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.bridge.SLF4JBridgeHandler;
import org.xiangtu.catalog.Catalog;
import org.xiangtu.catalog.CatalogLoader;
import org.xiangtu.catalog.DataSource;
import org.xiangtu.catalog.LayerDef;
import org.xiangtu.config.AppConfig;
import org.xiangtu.config.ConfigException;
import org.xiangtu.config.ConfigLoader;
import org.xiangtu.store.DataException;
import org.xiangtu.store.FeatureSource;
import org.xiangtu.store.geopackage.GeoPackageBuilder;
import org.xiangtu.store.FeatureStore;
import org.xiangtu.store.StoreUnavailableException;
import org.xiangtu.store.postgis.DatabaseUrl;
import org.xiangtu.store.postgis.PostgisImporter;
import org.xiangtu.demo.DemoCounty;
import org.xiangtu.io.LayerFiles;

/** The command line: {@code xiangtu serve|import [options]}. Exit 0 ok, 1 failure, 2 bad usage. */
public final class Main {
    static final String USAGE = """
            Xiangtu (乡图) — one map for rural revitalization.

            Usage:
              xiangtu serve  [--port N] [--host H] [--gpkg FILE | --database-url URL] [--data DIR] [--config FILE]
              xiangtu import (--gpkg FILE | --database-url URL) [--data DIR] [PATH...]
              xiangtu briefing --scope district|town:CODE --out FILE [options]
              xiangtu demo-data --out DIR
              xiangtu user add|passwd|remove|list [NAME] [--role ROLE] [--password-stdin]
              xiangtu assign (--cadre NAME | --unassign) (CODE... | --file FILE)
              xiangtu --help | xiangtu COMMAND --help
            """;
    static final String SERVE_HELP = """
            Usage: xiangtu serve [--port N] [--host H] [--gpkg FILE | --database-url URL] [--data DIR] [--config FILE]

            Serves the map pages, OGC API Features (/ogc) and the API (/api). With a database URL
            (--database-url or env DATABASE_URL) the store is PostgreSQL/PostGIS (its schema is
            migrated first; load data with xiangtu import --database-url). Otherwise it is the
            embedded GeoPackage, built from the data folder on first start and rebuilt when that
            data changes.

              --port N       port to listen on (default 7070; env XIANGTU_PORT)
              --host H       address to bind (default 0.0.0.0; env XIANGTU_SERVER_HOST)
              --gpkg FILE    the GeoPackage store (default var/xiangtu.gpkg; env XIANGTU_STORE_GPKG)
              --database-url URL
                             PostgreSQL/PostGIS: postgres://user:pass@host:5432/db or
                             jdbc:postgresql://host:5432/db?user=u&password=p (env DATABASE_URL)
              --data DIR     catalogue and data files (default data/, else the copy in the jar;
                             env XIANGTU_STORE_DATA)
              --config FILE  a JSON config file (keys: server, store, paging, basemap; see README)
            """;
    static final String IMPORT_HELP = """
            Usage: xiangtu import (--gpkg FILE | --database-url URL) [--data DIR] [PATH...]
                   xiangtu import --map MAPPING.json (--gpkg FILE | --database-url URL) [--crs CRS]
                                  [--encoding CHARSET] [--data DIR] PATH

            Loads the catalogue's layers from the data folder into a store. Each PATH is a GeoJSON
            file named after a layer (villages.geojson → layer villages) that replaces that
            layer's data file, or a GeoPackage (.gpkg, as import --gpkg writes it) whose tables
            named after layers replace theirs. Nothing is written unless every file is valid.
            --gpkg: (re)builds the GeoPackage, replaced atomically.
            --database-url: migrates the PostGIS schema (Flyway), then replaces every layer's
            rows in one transaction (on any error nothing changes; importing twice gives the
            same database).

              --gpkg FILE    the GeoPackage to write
              --database-url URL
                             PostgreSQL/PostGIS (postgres://… or jdbc:postgresql://…)
              --data DIR     catalogue and data files (default data/)

            With --map: applies a saved onboarding mapping (as the admin's onboarding page saves it:
            {"target", "fields", "key", "namesAsCodes", "mode"}) to one county file (GeoJSON,
            GeoPackage, zipped Shapefile or CSV) on the existing store, as the admin's apply does:
            values checked, codes joined, the layer replaced or merged in one transaction, audited,
            the previous version kept (roll back through /api/onboarding/{layer}/rollback).
              --map FILE     the mapping (JSON)
              --crs CRS      the file's coordinate system (EPSG:n, ESRI:n or WKT) when it has none
              --encoding CHARSET
                             a Shapefile's or CSV's text encoding (UTF-8, GBK, ...) when not detected
            """;

    static final String DEMO_HELP = """
            Usage: xiangtu demo-data --out DIR [--data DIR]

            Generates the demo county of Tongliang (synthetic geometry, real names, published
            figures) as one GeoJSON file per catalogue layer in DIR. Deterministic: the same
            catalogue gives byte-identical files. The committed data/ is its output.

              --out DIR      where to write the files (created if missing)
              --data DIR     where the catalogue is read from (default data/)
            """;

    private Main() {
    }

    public static void main(String[] args) {
        SLF4JBridgeHandler.removeHandlersForRootLogger();
        SLF4JBridgeHandler.install();
        int code = run(args, System.in, System.out, System.err, System.getenv());
        if (code >= 0) {
            System.exit(code);
        }
    }

    /** Runs a command; returns the exit code, or -1 when a server was started and keeps running. */
    static int run(String[] args, PrintStream out, PrintStream err, Map<String, String> env) {
        return run(args, System.in, out, err, env);
    }

    /** As {@link #run(String[], PrintStream, PrintStream, Map)}, reading passwords from {@code in}. */
    static int run(String[] args, java.io.InputStream in, PrintStream out, PrintStream err, Map<String, String> env) {
        if (args.length == 0 || args[0].equals("--help") || args[0].equals("-h")) {
            (args.length == 0 ? err : out).print(USAGE);
            return args.length == 0 ? 2 : 0;
        }
        String command = args[0];
        List<String> rest = List.of(args).subList(1, args.length);
        try {
            return switch (command) {
                case "serve" -> serve(parse(rest, List.of("--port", "--host", "--gpkg", "--database-url", "--data",
                        "--config"), false), out, env);
                case "import" -> importCommand(parse(rest, List.of("--gpkg", "--database-url", "--data", "--map", "--crs",
                        "--encoding"), true), out);
                case "briefing" -> briefing(parse(rest, List.of("--scope", "--out", "--as-of", "--year", "--pages",
                        "--theme", "--lang", "--role", "--gpkg", "--database-url", "--data", "--config"), false), out, env);
                case "demo-data" -> demoData(parse(rest, List.of("--out", "--data"), false), out);
                case "user" -> userCommand(rest, in, out, err, env);
                case "assign" -> assignCommand(rest, out, err, env);
                default -> usage(err, "unknown command '" + command + "' (commands: serve, import, briefing, demo-data, "
                        + "user, assign)");
            };
        } catch (UsageException e) {
            return usage(err, e.getMessage() + " (see: xiangtu " + command + " --help)");
        } catch (ConfigException | CatalogLoader.CatalogException | DataException | IllegalStateException
                | StoreUnavailableException e) {
            err.println("xiangtu: " + e.getMessage());
            return 1;
        }
    }

    private static int userCommand(List<String> args, java.io.InputStream in, PrintStream out, PrintStream err,
            Map<String, String> env) {
        try {
            return UserCommand.run(args, in, out, env);
        } catch (IllegalArgumentException e) {
            return usage(err, e.getMessage() + " (see: xiangtu user --help)");
        }
    }

    private static int assignCommand(List<String> args, PrintStream out, PrintStream err, Map<String, String> env) {
        try {
            return AssignCommand.run(args, out, env);
        } catch (org.xiangtu.edit.Assignments.InvalidAssignment e) {
            err.println("xiangtu: " + e.getMessage());
            return 1;
        } catch (IllegalArgumentException e) {
            return usage(err, e.getMessage() + " (see: xiangtu assign --help)");
        }
    }

    private static int usage(PrintStream err, String message) {
        err.println("xiangtu: " + message);
        return 2;
    }

    private record Options(Map<String, String> values, List<String> paths, boolean help) {
    }

    private static Options parse(List<String> args, List<String> known, boolean allowPaths) {
        Map<String, String> values = new LinkedHashMap<>();
        List<String> paths = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (a.equals("--help") || a.equals("-h")) {
                return new Options(values, paths, true);
            }
            if (a.startsWith("-")) {
                String name = a.contains("=") ? a.substring(0, a.indexOf('=')) : a;
                if (!known.contains(name)) {
                    throw new UsageException("unknown option " + name);
                }
                String value;
                if (a.contains("=")) {
                    value = a.substring(a.indexOf('=') + 1);
                } else if (i + 1 < args.size()) {
                    value = args.get(++i);
                } else {
                    throw new UsageException("option " + name + " needs a value");
                }
                values.put(name, value);
            } else if (allowPaths) {
                paths.add(a);
            } else {
                throw new UsageException("unexpected argument '" + a + "'");
            }
        }
        return new Options(values, paths, false);
    }

    private static int serve(Options o, PrintStream out, Map<String, String> env) {
        if (o.help()) {
            out.print(SERVE_HELP);
            return 0;
        }
        Map<String, String> overrides = new LinkedHashMap<>();
        if (o.values().containsKey("--port")) {
            try {
                Integer.parseInt(o.values().get("--port"));
            } catch (NumberFormatException e) {
                throw new UsageException("--port must be a number, not '" + o.values().get("--port") + "'");
            }
            overrides.put("server.port", o.values().get("--port"));
        }
        putIf(o, "--host", "server.host", overrides);
        putIf(o, "--gpkg", "store.gpkg", overrides);
        putIf(o, "--database-url", "store.databaseUrl", overrides);
        putIf(o, "--data", "store.data", overrides);
        Path configFile = o.values().containsKey("--config") ? Path.of(o.values().get("--config")) : null;
        AppConfig config = ConfigLoader.load(configFile, env, overrides);
        Logger log = LoggerFactory.getLogger(Main.class);
        log.info("Xiangtu {} starting; configuration: {}", App.version(), ConfigLoader.describe(config));

        DataSource data = DataSource.folderOrBundled(Path.of(config.store().data()));
        Catalog catalog = CatalogLoader.read(data);
        log.info("Catalogue: {} ({} layers) from {}", catalog.title().zh(), catalog.layers().size(), data);
        FeatureStore store = App.openStore(config, catalog, data);
        Javalin app = App.create(config, catalog, store);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            app.stop();
            store.close();
        }, "shutdown"));
        try {
            app.start();
        } catch (RuntimeException e) {
            store.close();
            throw new IllegalStateException("cannot listen on " + config.server().host() + ":"
                    + config.server().port() + ": " + rootMessage(e));
        }
        log.info("Listening on http://{}:{}/ (map), /ogc (OGC API Features), /health",
                "0.0.0.0".equals(config.server().host()) ? "localhost" : config.server().host(), app.port());
        return -1;
    }

    private static int importCommand(Options o, PrintStream out) {
        if (o.help()) {
            out.print(IMPORT_HELP);
            return 0;
        }
        if (o.values().containsKey("--gpkg") == o.values().containsKey("--database-url")) {
            throw new UsageException("one of --gpkg FILE or --database-url URL is required");
        }
        DataSource data = DataSource.folderOrBundled(Path.of(o.values().getOrDefault("--data", "data")));
        Catalog catalog = CatalogLoader.read(data);
        if (o.values().containsKey("--map")) {
            return MapImportCommand.run(o.values(), o.paths(), catalog, out);
        }
        if (o.values().containsKey("--crs") || o.values().containsKey("--encoding")) {
            throw new UsageException("--crs and --encoding go with --map");
        }
        Map<String, FeatureSource> given = new LinkedHashMap<>();
        for (String p : o.paths()) {
            given.putAll(LayerFiles.path(catalog, p));
        }
        Map<String, FeatureSource> layers = new LinkedHashMap<>();
        for (LayerDef layer : catalog.layers()) {
            layers.put(layer.id(), given.containsKey(layer.id()) ? given.get(layer.id()) : LayerFiles.dataFile(layer, data));
        }
        if (o.values().containsKey("--database-url")) {
            return importPostgis(o.values().get("--database-url"), catalog, layers, out);
        }
        Path gpkg = Path.of(o.values().get("--gpkg"));
        String source = o.paths().isEmpty() ? "data" : "import";
        String fingerprint = o.paths().isEmpty() ? GeoPackageBuilder.fingerprint(catalog, data) : null;
        var result = GeoPackageBuilder.buildFrom(catalog, layers, gpkg, source, fingerprint);
        out.println("Wrote " + gpkg + ": " + result.layers() + " layers, " + result.features() + " features.");
        return 0;
    }

    private static int importPostgis(String databaseUrl, Catalog catalog, Map<String, FeatureSource> layers,
            PrintStream out) {
        DatabaseUrl url;
        try {
            url = DatabaseUrl.parse(databaseUrl);
        } catch (IllegalArgumentException e) {
            throw new UsageException("--database-url: " + e.getMessage());
        }
        int connectTimeoutMs = ConfigLoader.defaults().store().connectTimeoutMs();
        var result = PostgisImporter.importSources(url, catalog, layers, connectTimeoutMs);
        out.println("Imported into " + url + ": " + result.layers() + " layers, " + result.features() + " features in "
                + result.millis() + " ms.");
        result.inPlace().forEach((layer, why) -> out.println("  " + layer + ": rows replaced in its table, not swapped in ("
                + why + ")"));
        return 0;
    }

    private static int demoData(Options o, PrintStream out) {
        if (o.help()) {
            out.print(DEMO_HELP);
            return 0;
        }
        if (!o.values().containsKey("--out")) {
            throw new UsageException("--out DIR is required");
        }
        DataSource data = DataSource.folderOrBundled(Path.of(o.values().getOrDefault("--data", "data")));
        Catalog catalog = CatalogLoader.read(data);
        Path dir = Path.of(o.values().get("--out"));
        var written = DemoCounty.generate(catalog).write(catalog, dir);
        out.println("Wrote the demo county (synthetic geometry) to " + dir + ": " + written + " files.");
        return 0;
    }

    private static int briefing(Options o, PrintStream out, Map<String, String> env) {
        if (o.help()) {
            out.print(BriefingCommand.HELP);
            return 0;
        }
        return BriefingCommand.run(o.values(), env, out);
    }

    /** The store options shared by commands that open the server's store (--gpkg, --database-url, --data). */
    static Map<String, String> storeOverrides(Map<String, String> options) {
        Map<String, String> overrides = new LinkedHashMap<>();
        for (String[] o : new String[][] {{"--gpkg", "store.gpkg"}, {"--database-url", "store.databaseUrl"},
                {"--data", "store.data"}}) {
            if (options.containsKey(o[0])) {
                overrides.put(o[1], options.get(o[0]));
            }
        }
        return overrides;
    }

    private static void putIf(Options o, String option, String key, Map<String, String> overrides) {
        if (o.values().containsKey(option)) {
            overrides.put(key, o.values().get(option));
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null) {
            t = t.getCause();
        }
        return t.getMessage();
    }

    static final class UsageException extends RuntimeException {
        UsageException(String message) {
            super(message);
        }
    }
}
