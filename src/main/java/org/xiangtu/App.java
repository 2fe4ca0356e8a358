package org.xiangtu;

import io.javalin.Javalin;
import io.javalin.http.staticfiles.Location;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xiangtu.catalog.Catalog;
import org.xiangtu.catalog.DataSource;
import org.xiangtu.config.AddressRanges;
import org.xiangtu.config.AppConfig;
import org.xiangtu.config.ConfigException;
import org.xiangtu.briefing.Briefings;
import org.xiangtu.service.DashboardService;
import org.xiangtu.service.WatchSummaries;
import org.xiangtu.service.ExportService;
import org.xiangtu.service.LayerService;
import org.xiangtu.service.WorkGate;
import org.xiangtu.service.SignInService;
import org.xiangtu.store.CompositeLayerStore;
import org.xiangtu.store.Feature;
import org.xiangtu.store.FeatureStore;
import org.xiangtu.io.LayerFiles;
import org.xiangtu.store.geopackage.GeoPackageBuilder;
import org.xiangtu.store.geopackage.GeoPackageStore;
import org.xiangtu.store.postgis.DatabaseUrl;
import org.xiangtu.store.postgis.PostgisStore;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import org.xiangtu.account.AuditLog;
import org.xiangtu.account.RateLimitAudit;
import org.xiangtu.account.Sessions;
import org.xiangtu.account.SignInLimiter;
import org.xiangtu.account.Users;
import org.xiangtu.edit.ChangeFeed;
import org.xiangtu.edit.Assignments;
import org.xiangtu.edit.FieldLogs;
import org.xiangtu.edit.FieldPhotos;
import org.xiangtu.edit.FieldVisits;
import org.xiangtu.edit.HouseholdReviews;
import org.xiangtu.edit.HouseholdUpdates;
import org.xiangtu.edit.PlannerLayers;
import org.xiangtu.edit.ProjectEdits;
import org.xiangtu.store.WorkStore;
import org.xiangtu.service.AnalysisService;
import org.xiangtu.web.AnalysisController;
import org.xiangtu.web.ApiController;
import org.xiangtu.web.AssignmentsController;
import org.xiangtu.web.BriefingController;
import org.xiangtu.web.Bodies;
import org.xiangtu.web.AuditController;
import org.xiangtu.web.BriefingController;
import org.xiangtu.web.ContainerErrors;
import org.xiangtu.web.SecurityHeaders;
import org.xiangtu.web.ClientAddress;
import org.xiangtu.web.EventsController;
import org.xiangtu.web.ExportController;
import org.xiangtu.web.FieldController;
import org.xiangtu.web.FieldLogsController;
import org.xiangtu.web.HouseholdUpdatesController;
import org.xiangtu.web.OnboardingController;
import org.xiangtu.web.PlannerLayersController;
import org.xiangtu.edit.onboarding.Onboarding;
import org.xiangtu.service.OnboardingService;
import org.xiangtu.io.upload.UploadLimits;
import org.xiangtu.web.ProjectsController;
import org.xiangtu.web.Security;
import org.xiangtu.web.SessionController;
import org.xiangtu.web.DashboardController;
import org.xiangtu.web.ErrorMapping;
import org.xiangtu.web.HealthController;
import org.xiangtu.web.OgcController;
import org.xiangtu.web.PageController;
import org.xiangtu.web.PhotoController;
import org.xiangtu.web.Routes;
import org.xiangtu.web.WatchController;
import org.xiangtu.web.WatchSummaryController;
import org.xiangtu.service.WatchReachService;
import org.xiangtu.edit.HouseholdChanged;
import org.xiangtu.edit.RelapseWatch;

/** Wiring only: config → store → services → Javalin. Nothing here is static state. */
public final class App {
    private static final Logger LOG = LoggerFactory.getLogger(App.class);

    private App() {
    }

    /** Builds (does not start) the web application over an open store. */
    public static Javalin create(AppConfig config, Catalog catalog, FeatureStore store) {
        return create(config, routes(config, catalog, store));
    }

    /** The services and controllers over a store, as the route table. */
    public static Routes routes(AppConfig config, Catalog catalog, FeatureStore store) {
        WorkStore work = store.openWork();
        AuditLog audit = new AuditLog(work.audit());
        Sessions sessions = new Sessions(work.sessions(), Clock.systemUTC());
        ChangeFeed feed = new ChangeFeed();
        DashboardService dashboard = new DashboardService(catalog, store);
        PlannerLayers planner = new PlannerLayers(work.plannerLayers(), feed);
        LayerService layers = new LayerService(catalog, new CompositeLayerStore(catalog, store, work.plannerLayers()));
        feed.listen(change -> dashboard.changed(Set.copyOf(change.layers())));
        WatchSummaries summaries = new WatchSummaries(catalog, store, work.watch(), Clock.systemUTC());
        feed.listen(change -> summaries.changed(change.layers()));
        RelapseWatch watch = new RelapseWatch(catalog, work.field(), work.watch(), feed, Clock.systemUTC());
        HouseholdChanged changed = code -> watch.check(code, "rules");
        FieldVisits fieldVisits = new FieldVisits(catalog, work.field(), feed, Clock.systemUTC()).notifying(changed);
        HouseholdUpdates householdUpdates = new HouseholdUpdates(catalog, fieldVisits, work.householdChanges(), feed,
                Clock.systemUTC()).notifying(changed);
        return new Routes(new Routes.Controllers(new PageController(), new OgcController(layers, config),
                new ApiController(layers, config), new DashboardController(dashboard),
                new HealthController(store, version()),
                new SessionController(new SignInService(new Users(work.users()), sessions,
                        SignInLimiter.standard(Clock.systemUTC()), audit, new RateLimitAudit(audit, Clock.systemUTC(), true))),
                new ProjectsController(layers, new ProjectEdits(catalog, work.projects(), feed)),
                new EventsController(feed, sessions, config.server().eventsHeartbeatSeconds(), streamLimits(config)),
                new AuditController(audit),
                new Security(sessions, config.server().publicUrl()),
                new PlannerLayersController(planner, config.uploads(), layers), new ExportController(new ExportService(layers, audit, config.analysis().maxExportVertices()), config.analysis()),
                new AnalysisController(new AnalysisService(catalog, store), config.analysis()),
                new FieldController(fieldVisits, householdUpdates,
                        catalog.layer("households").map(l -> l.fields()).orElse(List.of())),
                new HouseholdUpdatesController(catalog, householdUpdates,
                        new HouseholdReviews(work.householdChanges(), feed, Clock.systemUTC()).notifying(changed)),
                new FieldLogsController(new FieldLogs(catalog, work.field(), store, feed, Clock.systemUTC())),
                new AssignmentsController(new Assignments(work.field(), work.users(), Clock.systemUTC())),
                new PhotoController(new FieldPhotos(work.photos(), feed, config.photos(), code -> store.feature(
                        "villages", "village-" + code, List.of()).map(Feature::geometry), Clock.systemUTC(),
                        photoGate(config.photos())::run)),
                new WatchController(watch, work.watch(), new WatchReachService(catalog, store), config.analysis()),
                new WatchSummaryController(summaries),
                new OnboardingController(new OnboardingService(new Onboarding(catalog, store, work.layerVersions(), feed,
                        work.plannerLayers()),
                        uploadLimits(config))),
                new BriefingController(new Briefings(catalog, dashboard, config.briefing().atOnce()),
                        config.server().publicUrl())), work);
    }

    /** The upload limits of onboarding: those of a planner's upload, with the configured reading time. */
    static UploadLimits uploadLimits(AppConfig config) {
        UploadLimits l = PlannerLayersController.LIMITS;
        return new UploadLimits(l.maxBytes(), l.maxUnzippedBytes(), l.maxZipEntries(), l.maxFeatures(), l.maxVertices(),
                config.uploads().readTimeoutSeconds() * 1000L);
    }

    /**
     * The photos' finishing work: {@code photos.finishAtOnce} at a time, 64 times as many waiting 20 s at most (a
     * waiting request holds its last chunk only, at most {@code photos.maxChunkBytes}; the photo is read inside
     * its turn).
     */
    private static WorkGate photoGate(AppConfig.Photos p) {
        return new WorkGate("photos", p.finishAtOnce(), 64 * p.finishAtOnce(), 20_000);
    }

    /** The limits of {@code /events} streams ({@code access.*}). */
    private static EventsController.Limits streamLimits(AppConfig config) {
        AppConfig.Access a = config.access();
        return new EventsController.Limits(a.eventStreams(), a.eventStreamsPerAddress(), a.eventStreamsReserved(),
                AddressRanges.parse(a.screenAddresses()));
    }

    /** Builds (does not start) the web application serving the given routes. */
    public static Javalin create(AppConfig config, Routes routes) {
        return Javalin.create(cfg -> {
            cfg.startup.showJavalinBanner = false;
            cfg.http.prefer405over404 = true;
            cfg.jetty.host = config.server().host();
            cfg.jetty.port = config.server().port();
            cfg.staticFiles.enableWebjars();
            long uploadMb = PlannerLayersController.LIMITS.maxBytes() >> 20;
            cfg.jetty.multipartConfig.maxFileSize(uploadMb, io.javalin.config.SizeUnit.MB);
            cfg.jetty.multipartConfig.maxTotalRequestSize(uploadMb + 1, io.javalin.config.SizeUnit.MB);
            cfg.jetty.multipartConfig.maxInMemoryFileSize(1, io.javalin.config.SizeUnit.MB);
            // bodies are read by web.Bodies with each route's own limit (JSON 2 MiB, a photo chunk
            // photos.maxChunkBytes), answered 413 naming it; Javalin's one limit is only a backstop above both
            cfg.http.maxRequestSize = Math.max(Bodies.MAX_JSON, config.photos().maxChunkBytes()) + 1L;
            cfg.staticFiles.add(s -> {
                s.hostedPath = "/";
                s.directory = "/public";
                s.location = Location.CLASSPATH;
                s.headers = java.util.Map.of("Cache-Control", "no-cache");
            });
            cfg.jetty.modifyServer(server -> server.setErrorHandler(new ContainerErrors()));
            SecurityHeaders headers = new SecurityHeaders(routes.controllers().pages().pages(), config.basemap().url());
            cfg.routes.before(headers::apply);
            new ClientAddress(AddressRanges.parse(config.access().trustedProxies())).install(cfg);
            routes.register(cfg);
            cfg.events.serverStopped(routes::closeResources);
            ErrorMapping.register(cfg, routes);
        });
    }

    /**
     * Chooses and opens the store, and logs which one and why: PostgreSQL/PostGIS when a database URL
     * is configured ({@code DATABASE_URL}, {@code --database-url} or {@code store.databaseUrl}; the
     * schema is migrated first), otherwise the GeoPackage (see {@link #openGeoPackage}).
     *
     * @throws org.xiangtu.store.StoreUnavailableException when the database cannot be reached
     */
    public static FeatureStore openStore(AppConfig config, Catalog catalog, DataSource data) {
        AppConfig.Store s = config.store();
        if (s.databaseUrl() == null || s.databaseUrl().isBlank()) {
            GeoPackageStore store = openGeoPackage(Path.of(s.gpkg()), catalog, data);
            long features = store.collections().stream().mapToLong(c -> c.count()).sum();
            LOG.info("Store: GeoPackage {} ({} features; no DATABASE_URL set, so the embedded store)",
                    store.location(), features);
            return store;
        }
        DatabaseUrl url;
        try {
            url = DatabaseUrl.parse(s.databaseUrl());
        } catch (IllegalArgumentException e) {
            throw new ConfigException("store.databaseUrl: " + e.getMessage());
        }
        PostgisStore store = PostgisStore.open(url, catalog,
                PostgisStore.Options.of(s.statementTimeoutMs(), s.connectTimeoutMs()));
        long features = store.collections().stream().mapToLong(c -> c.count()).sum();
        LOG.info("Store: PostGIS {} at {} ({} features; chosen because a database URL is set; statement timeout {} ms)",
                store.postgisVersion(), store.location(), features, s.statementTimeoutMs());
        if (features == 0) {
            LOG.warn("The database has no features yet; load the data with: xiangtu import --database-url URL");
        }
        return store;
    }

    /**
     * Opens the GeoPackage store, building it from the data first when the file does not exist, or
     * when it was built from the data folder and the data has changed since.
     */
    public static GeoPackageStore openGeoPackage(Path gpkg, Catalog catalog, DataSource data) {
        String fingerprint = GeoPackageBuilder.fingerprint(catalog, data);
        if (Files.exists(gpkg)) {
            GeoPackageStore store = null;
            String reason;
            try {
                store = GeoPackageStore.open(gpkg, catalog);
                boolean fromData = store.buildInfo("source").map("data"::equals).orElse(false);
                boolean stale = !store.buildInfo("data_fingerprint").map(fingerprint::equals).orElse(false);
                if (!(fromData && stale)) {
                    if (stale) {
                        LOG.warn("{} was imported from other files and differs from {}; keeping it", gpkg, data);
                    }
                    return store;
                }
                long work = GeoPackageStore.workRows(gpkg);
                if (work > 0) {
                    LOG.warn("The data in {} changed since {} was built, but the store holds {} rows of work (users, "
                            + "audit, edits) that a rebuild would lose; keeping it. To rebuild from the data, move "
                            + "the file away (or run: xiangtu import --gpkg {}).", data, gpkg, work, gpkg);
                    return store;
                }
                reason = "the data in " + data + " changed since it was built";
            } catch (IllegalStateException e) {
                reason = e.getMessage();
                if (store == null && !GeoPackageStore.builtByXiangtu(gpkg)) {
                    throw e; // not ours: never overwrite somebody's GeoPackage
                }
            }
            if (store != null) {
                store.close();
            }
            LOG.info("Rebuilding {}: {}", gpkg, reason);
        } else {
            LOG.info("Building {} from {} (first start)", gpkg, data);
        }
        GeoPackageBuilder.buildFrom(catalog, LayerFiles.data(catalog, data), gpkg, "data", fingerprint);
        return GeoPackageStore.open(gpkg, catalog);
    }

    /** The version of this build, from the filtered {@code xiangtu.properties}. */
    public static String version() {
        try (InputStream in = App.class.getResourceAsStream("/xiangtu.properties")) {
            Properties p = new Properties();
            if (in != null) {
                p.load(in);
            }
            return p.getProperty("version", "dev");
        } catch (IOException e) {
            return "dev";
        }
    }
}
