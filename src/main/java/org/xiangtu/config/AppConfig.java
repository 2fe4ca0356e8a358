package org.xiangtu.config;

/**
 * The whole configuration, immutable. Built by {@link ConfigLoader} from defaults, an optional
 * JSON file, {@code XIANGTU_*} environment variables and command-line options, in that order.
 */
public record AppConfig(Server server, Store store, Paging paging, Basemap basemap, Uploads uploads,
        Access access, Analysis analysis, Photos photos, Briefing briefing) {

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
     * Planners' imports: {@code readTimeoutSeconds} is the longest reading and checking one upload may take
     * (every format; a GeoPackage's SQLite is interrupted); past it the upload is refused with 413.
     */
    public record Uploads(int readTimeoutSeconds) {
    }

    /**
     * Who may connect how much. {@code trustedProxies}: addresses or CIDR ranges of the reverse
     * proxies in front (empty: none, the TCP peer is the client); only a request from one of them may
     * name the client ({@code X-Forwarded-For}) and the scheme ({@code X-Forwarded-Proto}).
     * {@code eventStreams}: open {@code /events} streams at most; {@code eventStreamsPerAddress}: of
     * them from one anonymous client address; {@code eventStreamsReserved}: of them kept for known
     * clients (signed in, or from {@code screenAddresses}, addresses or CIDR ranges of the wall screens).
     */
    public record Access(java.util.List<String> trustedProxies, int eventStreams, int eventStreamsPerAddress,
            int eventStreamsReserved, java.util.List<String> screenAddresses) {
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

    /**
     * The field app's photo uploads: the largest photo (bytes, as sent from the device), the largest chunk of
     * one {@code PUT}, the most photos of one record (stored and unfinished together), the most unfinished
     * uploads of one cadre, the hours after which an unfinished upload is dropped, the most pixels a photo
     * may decode to (width × height, so that a small file cannot fill the heap) and the longest side of a
     * thumbnail. A breach is refused with a problem naming {@code photos.<key>}. {@code finishAtOnce}: how many
     * photos are finished (checked, stripped, stored) or have a thumbnail or stamped copy made at once; up to
     * 64 times as many wait (at most 20 s) for a turn, beyond that the request is answered 503 with
     * {@code Retry-After}.
     */
    public record Photos(int maxBytes, int maxChunkBytes, int maxPerRecord, int maxOpenPerCadre, int expiryHours,
            int maxPixels, int thumbnailSide, int finishAtOnce) {
    }

    /**
     * Briefing packs ({@code /api/briefing}, PDF): at most {@code atOnce} are made at the same time; a request
     * beyond that is answered 429 with {@code Retry-After} (nothing waits: a pack takes seconds of a core).
     */
    public record Briefing(int atOnce) {
    }
}
