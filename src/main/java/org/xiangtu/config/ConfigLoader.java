package org.xiangtu.config;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import org.xiangtu.store.postgis.DatabaseUrl;

/**
 * Resolves {@link AppConfig}: defaults in code → optional JSON file ({@code --config}) →
 * {@code XIANGTU_<SECTION>_<KEY>} environment variables (plus the short {@code XIANGTU_PORT}) →
 * {@code DATABASE_URL} (as {@code store.databaseUrl}) → command-line overrides. An unknown key, in the
 * file or the environment, fails.
 */
public final class ConfigLoader {
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .build();
    private static final Map<String, String> ALIASES = Map.of("XIANGTU_PORT", "server.port");

    private ConfigLoader() {
    }

    public static AppConfig defaults() {
        return new AppConfig(
                new AppConfig.Server("0.0.0.0", 7070, null, 15),
                new AppConfig.Store("var/xiangtu.gpkg", "data", null, 10_000, 3_000),
                new AppConfig.Paging(100, 10_000),
                new AppConfig.Basemap(null, null, 18),
                new AppConfig.Uploads(30),
                new AppConfig.Access(java.util.List.of(), 5_000, 20, 500, java.util.List.of()),
                new AppConfig.Analysis(2_000, 100, 20_000, 10_000, 5_000_000),
                new AppConfig.Photos(3 << 20, 512 << 10, 6, 20, 24, 40_000_000, 320, 4),
                new AppConfig.Briefing(2));
    }

    /**
     * @param file a JSON config file, or null
     * @param env the environment (normally {@code System.getenv()})
     * @param overrides dotted keys ("server.port") to values from the command line
     */
    public static AppConfig load(Path file, Map<String, String> env, Map<String, String> overrides) {
        ObjectNode tree = MAPPER.valueToTree(defaults());
        if (file != null) {
            try {
                JsonNode fromFile = MAPPER.readTree(Files.readString(file));
                if (fromFile == null || !fromFile.isObject()) {
                    throw new ConfigException(file + ": a config file is a JSON object");
                }
                merge(tree, fromFile, file + ": ");
            } catch (IOException e) {
                throw new ConfigException(file + ": cannot read: " + e.getMessage());
            }
        }
        for (Map.Entry<String, String> e : env.entrySet()) {
            // XIANGTU_TEST_* are the test suite's settings (XIANGTU_TEST_DATABASE_URL), not the server's
            if (e.getKey().startsWith("XIANGTU_") && !e.getKey().startsWith("XIANGTU_TEST_")) {
                set(tree, envKey(tree, e.getKey()), e.getValue(), "environment variable " + e.getKey());
            }
        }
        String databaseUrl = env.get("DATABASE_URL");
        if (databaseUrl != null && !databaseUrl.isBlank()) {
            set(tree, "store.databaseUrl", databaseUrl, "environment variable DATABASE_URL");
        }
        overrides.forEach((k, v) -> set(tree, k, v, "option for " + k));
        AppConfig config;
        try {
            config = MAPPER.treeToValue(tree, AppConfig.class);
        } catch (IOException e) {
            throw new ConfigException("invalid configuration: " + e.getMessage());
        }
        validate(config);
        return config;
    }

    private static void validate(AppConfig c) {
        if (c.server().port() < 0 || c.server().port() > 65_535) {
            throw new ConfigException("server.port must be 0–65535, not " + c.server().port());
        }
        if (c.server().eventsHeartbeatSeconds() < 1 || c.server().eventsHeartbeatSeconds() > 3_600) {
            throw new ConfigException("server.eventsHeartbeatSeconds must be 1–3600, not "
                    + c.server().eventsHeartbeatSeconds());
        }
        if (c.paging().maxLimit() < 1 || c.paging().defaultLimit() < 1
                || c.paging().defaultLimit() > c.paging().maxLimit()) {
            throw new ConfigException("paging: need 1 ≤ defaultLimit ≤ maxLimit");
        }
        if (c.store().statementTimeoutMs() < 0 || c.store().connectTimeoutMs() < 1) {
            throw new ConfigException("store: need statementTimeoutMs ≥ 0 (0 = none) and connectTimeoutMs ≥ 1");
        }
        if (c.uploads().readTimeoutSeconds() < 1 || c.uploads().readTimeoutSeconds() > 3_600) {
            throw new ConfigException("uploads.readTimeoutSeconds must be 1–3600, not " + c.uploads().readTimeoutSeconds());
        }
        AppConfig.Access a = c.access();
        if (a.eventStreams() < 1 || a.eventStreamsPerAddress() < 1 || a.eventStreamsReserved() < 0
                || a.eventStreamsReserved() >= a.eventStreams()) {
            throw new ConfigException("access: need eventStreams ≥ 1, eventStreamsPerAddress ≥ 1 and "
                    + "0 ≤ eventStreamsReserved < eventStreams");
        }
        try {
            AddressRanges.parse(a.trustedProxies());
        } catch (IllegalArgumentException e) {
            throw new ConfigException("access.trustedProxies: " + e.getMessage());
        }
        try {
            AddressRanges.parse(a.screenAddresses());
        } catch (IllegalArgumentException e) {
            throw new ConfigException("access.screenAddresses: " + e.getMessage());
        }
        AppConfig.Analysis an = c.analysis();
        if (an.maxVertices() < 2 || an.maxExtentKm() < 1 || an.maxDistanceM() < 1 || an.timeBudgetMs() < 1
                || an.maxExportVertices() < 1) {
            throw new ConfigException("analysis: need maxVertices ≥ 2, and maxExtentKm, maxDistanceM, timeBudgetMs "
                    + "and maxExportVertices ≥ 1");
        }
        AppConfig.Photos p = c.photos();
        if (p.maxBytes() < 1 || p.maxChunkBytes() < 1 || p.maxPerRecord() < 1 || p.maxOpenPerCadre() < 1
                || p.expiryHours() < 1 || p.maxPixels() < 1 || p.thumbnailSide() < 16 || p.finishAtOnce() < 1) {
            throw new ConfigException("photos: need every limit ≥ 1 and thumbnailSide ≥ 16");
        }
        if (c.briefing().atOnce() < 1 || c.briefing().atOnce() > 64) {
            throw new ConfigException("briefing.atOnce must be 1–64, not " + c.briefing().atOnce());
        }
        String url = c.basemap().url();
        if (url != null && !(url.contains("{z}") && url.contains("{x}") && url.contains("{y}"))) {
            throw new ConfigException("basemap.url must be an XYZ template with {z}, {x} and {y}");
        }
    }

    /** XIANGTU_STORE_GPKG → store.gpkg; XIANGTU_PAGING_MAX_LIMIT → paging.maxLimit. */
    static String envKey(ObjectNode tree, String name) {
        if (ALIASES.containsKey(name)) {
            return ALIASES.get(name);
        }
        String rest = name.substring("XIANGTU_".length()).toLowerCase(Locale.ROOT);
        for (Iterator<String> it = tree.fieldNames(); it.hasNext(); ) {
            String section = it.next();
            if (rest.startsWith(section + "_")) {
                String[] parts = rest.substring(section.length() + 1).split("_");
                StringBuilder key = new StringBuilder(parts[0]);
                for (int i = 1; i < parts.length; i++) {
                    key.append(Character.toUpperCase(parts[i].charAt(0))).append(parts[i].substring(1));
                }
                return section + "." + key;
            }
        }
        throw new ConfigException("unknown environment variable " + name);
    }

    private static void set(ObjectNode tree, String dotted, String value, String what) {
        String[] parts = dotted.split("\\.", 2);
        JsonNode section = tree.get(parts[0]);
        if (parts.length != 2 || !(section instanceof ObjectNode obj) || !obj.has(parts[1])) {
            throw new ConfigException("unknown configuration key '" + dotted + "' (" + what + ")");
        }
        JsonNode old = obj.get(parts[1]);
        if (old.isArray()) { // a list: comma-separated ("10.0.0.1, 10.1.0.0/16"); empty text is the empty list
            var list = JsonNodeFactory.instance.arrayNode();
            for (String item : value.split(",")) {
                if (!item.isBlank()) {
                    list.add(item.trim());
                }
            }
            obj.set(parts[1], list);
        } else if (old.isInt()) {
            try {
                obj.set(parts[1], IntNode.valueOf(Integer.parseInt(value.trim())));
            } catch (NumberFormatException e) {
                throw new ConfigException(what + ": '" + value + "' is not a whole number");
            }
        } else {
            obj.set(parts[1], value.isEmpty() ? JsonNodeFactory.instance.nullNode() : TextNode.valueOf(value));
        }
    }

    private static void merge(ObjectNode into, JsonNode from, String where) {
        for (Iterator<Map.Entry<String, JsonNode>> it = from.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!into.has(e.getKey())) {
                throw new ConfigException(where + "unknown configuration key '" + e.getKey() + "'");
            }
            JsonNode old = into.get(e.getKey());
            if (old instanceof ObjectNode obj) {
                if (!e.getValue().isObject()) {
                    throw new ConfigException(where + "'" + e.getKey() + "' must be an object");
                }
                merge(obj, e.getValue(), where + e.getKey() + ".");
            } else {
                into.set(e.getKey(), e.getValue());
            }
        }
    }

    /** The configuration as one log line, with the database password replaced by {@code ***}. */
    public static String describe(AppConfig c) {
        ObjectNode tree = MAPPER.valueToTree(c);
        if (c.store().databaseUrl() != null) {
            ((ObjectNode) tree.get("store")).put("databaseUrl", DatabaseUrl.redact(c.store().databaseUrl()));
        }
        return tree.toString();
    }
}
