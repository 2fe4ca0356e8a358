package org.xiangtu.config;

/**
 * The whole configuration, immutable. Built by {@link ConfigLoader} from defaults, an optional
 * JSON file, {@code XIANGTU_*} environment variables and command-line options, in that order.
 */
public record AppConfig(Server server, Store store, Paging paging, Basemap basemap, Analysis analysis) {

    /**
     * Where to listen; {@code publicUrl} overrides the base of links (behind a proxy), may be null;
     * {@code eventsHeartbeatSeconds}: how often {@code /events} sends its heartbeat (a page that hears
     * nothing for three of them counts its stream as stalled and reconnects).
     */
    public record Server(String host, int port, String publicUrl, int eventsHeartbeatSeconds) {
    }

    /**
     * The store: the GeoPackage file and the data folder it is built from, or, when
     * {@code databaseUrl} is set (may be null), PostgreSQL/PostGIS at that URL with a statement
     * timeout (0 = none) and a connect timeout, both in milliseconds.
     */
    public record Store(String gpkg, String data, String databaseUrl, int statementTimeoutMs, int connectTimeoutMs) {
    }

    /** Page sizes of feature lists: the default and the largest a client may ask for. */
    public record Paging(int defaultLimit, int maxLimit) {
    }

    /** An optional XYZ tile basemap for the pages; off (url null) by default: pages stay offline. */
    public record Basemap(String url, String attribution, int maxZoom) {
    }

    /**
     * Bounds on the planners' spatial questions and on exports of a drawn selection, so that no
     * request can hold a thread or the heap for long: the most vertices a drawn geometry may have,
     * the widest it may be (km, either side of its box), the largest distance or reach (metres), the
     * time one analysis or export may spend working (ms; past it the work stops and the answer is
     * 503), and the most vertices an export may hold.
     */
    public record Analysis(int maxVertices, int maxExtentKm, int maxDistanceM, int timeBudgetMs,
            int maxExportVertices) {
    }
}
