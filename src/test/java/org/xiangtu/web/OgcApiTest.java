package org.xiangtu.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.locationtech.jts.geom.Envelope;
import org.xiangtu.catalog.FieldDef;
import org.xiangtu.catalog.LayerDef;
import org.xiangtu.catalog.Role;
import org.xiangtu.io.GeoJsonLayerReader;
import org.xiangtu.ogc.Conformance;
import org.xiangtu.store.Feature;
import org.xiangtu.testing.TestServer;

/**
 * OGC API – Features over HTTP, against the real server on a GeoPackage built from data/
 * ({@link OgcApiPostgisIT} runs the same tests on PostGIS).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OgcApiTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private TestServer server;

    /** The server under test; subclasses choose the store. */
    protected TestServer startServer(Map<String, String> overrides) {
        return TestServer.start(overrides);
    }

    @BeforeAll
    void start() {
        server = startServer(Map.of());
    }

    @AfterAll
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private JsonNode json(String path) throws Exception {
        HttpResponse<String> r = server.get(path);
        assertThat(r.statusCode()).as(path + " → " + r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    /** The layer's features as the data file has them (the oracle). */
    private List<Feature> fromData(String layerId) throws Exception {
        LayerDef layer = server.catalog.layer(layerId).orElseThrow();
        try (InputStream in = org.xiangtu.catalog.DataSource.folder(Path.of("data")).open(layer.file())) {
            return GeoJsonLayerReader.read(layer, in, layer.file());
        }
    }

    @Test
    void links_never_take_the_host_a_client_sends() throws Exception {
        org.xiangtu.testing.RawHttp.Answer a = org.xiangtu.testing.RawHttp.send(server.app.port(),
                "GET /ogc/collections HTTP/1.1\r\nHost: evil.example:666\r\nConnection: close\r\n\r\n");
        assertThat(a.status()).isEqualTo(200);
        assertThat(a.body()).doesNotContain("evil.example");
        assertThat(JSON.readTree(a.body()).at("/links/0/href").asText())
                .startsWith("http://127.0.0.1:" + server.app.port() + "/ogc");
    }

    @Test
    void landing_page_links_the_api_definition_conformance_and_collections() throws Exception {
        HttpResponse<String> r = server.get("/ogc");
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/json").containsIgnoringCase("charset=utf-8");
        JsonNode links = JSON.readTree(r.body()).get("links");
        List<String> rels = new ArrayList<>();
        links.forEach(l -> rels.add(l.get("rel").asText()));
        assertThat(rels).contains("self", "service-desc", "conformance", "data");
        for (JsonNode l : links) {
            assertThat(server.get(URI.create(l.get("href").asText()).getPath()).statusCode()).isEqualTo(200);
        }
    }

    @Test
    void conformance_declares_core_geojson_and_openapi() throws Exception {
        List<String> classes = new ArrayList<>();
        json("/ogc/conformance").get("conformsTo").forEach(c -> classes.add(c.asText()));
        assertThat(classes).containsExactlyInAnyOrderElementsOf(Conformance.ALL);
    }

    @Test
    void collections_are_the_catalogue_layers_in_order_with_extents_from_the_data() throws Exception {
        JsonNode doc = json("/ogc/collections");
        List<String> ids = new ArrayList<>();
        doc.get("collections").forEach(c -> ids.add(c.get("id").asText()));
        assertThat(ids).containsExactlyElementsOf(server.catalog.forRole(Role.PUBLIC).layerIds())
                .doesNotContain("households", "visits", "work_logs");

        JsonNode villages = json("/ogc/collections/villages");
        Envelope expected = new Envelope();
        fromData("villages").forEach(f -> expected.expandToInclude(f.geometry().getEnvelopeInternal()));
        JsonNode bbox = villages.at("/extent/spatial/bbox/0");
        assertThat(bbox.get(0).asDouble()).isEqualTo(expected.getMinX());
        assertThat(bbox.get(1).asDouble()).isEqualTo(expected.getMinY());
        assertThat(bbox.get(2).asDouble()).isEqualTo(expected.getMaxX());
        assertThat(bbox.get(3).asDouble()).isEqualTo(expected.getMaxY());
        assertThat(villages.get("description").asText()).contains(server.catalog.notice().zh());
    }

    @Test
    void items_are_utf8_geojson_with_counts_and_chinese_text_intact() throws Exception {
        HttpResponse<String> r = server.get("/ogc/collections/villages/items?limit=10000");
        assertThat(r.headers().firstValue("Content-Type").orElse("").replace(" ", ""))
                .isEqualToIgnoringCase("application/geo+json;charset=utf-8");
        JsonNode doc = JSON.readTree(r.body());
        List<Feature> data = fromData("villages");
        assertThat(doc.get("type").asText()).isEqualTo("FeatureCollection");
        assertThat(doc.get("numberMatched").asLong()).isEqualTo(data.size());
        assertThat(doc.get("numberReturned").asInt()).isEqualTo(doc.get("features").size());
        assertThat(doc.has("timeStamp")).isTrue();
        Set<String> names = new HashSet<>();
        doc.get("features").forEach(f -> names.add(f.at("/properties/name").asText()));
        assertThat(names).contains("岩湾村", "树荫村");
    }

    @Test
    void items_pages_are_gzipped_for_clients_that_accept_it_and_unchanged_once_unzipped() throws Exception {
        String path = "/ogc/collections/villages/items?limit=200";
        HttpResponse<byte[]> zipped = java.net.http.HttpClient.newHttpClient().send(
                java.net.http.HttpRequest.newBuilder(java.net.URI.create(server.url(path)))
                        .header("Accept-Encoding", "gzip").build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(zipped.statusCode()).isEqualTo(200);
        assertThat(zipped.headers().firstValue("Content-Encoding")).as("a 200-feature page is compressed").hasValue("gzip");
        JsonNode unzipped;
        try (InputStream in = new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(zipped.body()))) {
            unzipped = JSON.readTree(in);
        }
        JsonNode plain = json(path);
        assertThat(unzipped.get("features")).isEqualTo(plain.get("features"));
        assertThat(unzipped.get("numberMatched")).isEqualTo(plain.get("numberMatched"));
    }

    @Test
    void paging_with_next_links_returns_every_feature_once_in_id_order() throws Exception {
        List<String> expected = fromData("villages").stream().map(Feature::id).sorted().toList();
        List<String> seen = new ArrayList<>();
        String path = "/ogc/collections/villages/items?limit=2";
        int pages = 0;
        while (path != null) {
            JsonNode doc = json(path);
            doc.get("features").forEach(f -> seen.add(f.get("id").asText()));
            path = null;
            for (JsonNode l : doc.get("links")) {
                if (l.get("rel").asText().equals("next")) {
                    URI next = URI.create(l.get("href").asText());
                    path = next.getRawPath() + "?" + next.getRawQuery();
                }
                if (l.get("rel").asText().equals("prev")) {
                    assertThat(pages).isPositive();
                }
            }
            pages++;
        }
        assertThat(seen).containsExactlyElementsOf(expected);
        assertThat(pages).isEqualTo((expected.size() + 1) / 2);
    }

    @Test
    void bbox_keeps_exactly_the_features_whose_geometry_intersects_it() throws Exception {
        Envelope box = new Envelope(106.0, 106.08, 29.80, 29.85);
        List<String> expected = fromData("villages").stream()
                .filter(f -> f.geometry().intersects(org.xiangtu.geo.Crs.LONLAT.toGeometry(box)))
                .map(Feature::id).sorted().toList();
        JsonNode doc = json("/ogc/collections/villages/items?bbox=106.0,29.80,106.08,29.85");
        List<String> got = new ArrayList<>();
        doc.get("features").forEach(f -> got.add(f.get("id").asText()));
        assertThat(expected).isNotEmpty();
        assertThat(got).containsExactlyElementsOf(expected);
        assertThat(doc.get("numberMatched").asLong()).isEqualTo(expected.size());
        assertThat(json("/ogc/collections/villages/items?bbox=0,0,1,1").get("numberMatched").asLong()).isZero();
    }

    @Test
    void property_filter_keeps_equal_values_only() throws Exception {
        long expected = fromData("villages").stream().filter(f -> "village".equals(f.properties().get("kind"))).count();
        JsonNode doc = json("/ogc/collections/villages/items?kind=village");
        assertThat(doc.get("numberMatched").asLong()).isEqualTo(expected).isPositive();
        doc.get("features").forEach(f -> assertThat(f.at("/properties/kind").asText()).isEqualTo("village"));
        JsonNode towns = json("/ogc/collections/towns/items?code=500151123000");
        assertThat(towns.get("numberMatched").asInt()).isEqualTo(1);
        assertThat(towns.at("/features/0/properties/name").asText()).isEqualTo("双山镇");
    }

    @Test
    void fields_that_are_not_public_never_appear() throws Exception {
        for (LayerDef layer : server.catalog.layers()) {
            if (!layer.isVisibleTo(Role.PUBLIC)) {
                // a layer of personal records does not exist for the public: no collection, items, feature or catalogue entry
                for (String path : List.of("", "/items", "/items?limit=1", "/items/hh-1")) {
                    assertThat(server.get("/ogc/collections/" + layer.id() + path).statusCode()).as(layer.id() + path)
                            .isEqualTo(404);
                }
                assertThat(server.get("/api/catalog").body()).doesNotContain("\"id\":\"" + layer.id() + "\"");
                continue;
            }
            Set<String> allowed = new HashSet<>(layer.fieldsVisibleTo(Role.PUBLIC).stream().map(FieldDef::name).toList());
            allowed.add("updated_at");
            JsonNode doc = json("/ogc/collections/" + layer.id() + "/items?limit=10000");
            for (JsonNode f : doc.get("features")) {
                f.get("properties").fieldNames().forEachRemaining(n -> assertThat(allowed).as(layer.id()).contains(n));
            }
            for (FieldDef hidden : layer.fields()) {
                if (!hidden.visibility().isVisibleTo(Role.PUBLIC)) {
                    assertThat(server.get("/ogc/collections/" + layer.id() + "/items?" + hidden.name() + "=1").statusCode())
                            .as("filter on hidden field " + hidden.name()).isEqualTo(400);
                    assertThat(server.get("/api/catalog").body()).doesNotContain("\"" + hidden.name() + "\"");
                }
            }
        }
    }

    @Test
    void one_feature_by_id_and_404_for_an_unknown_one() throws Exception {
        Feature first = fromData("villages").get(0);
        JsonNode f = json("/ogc/collections/villages/items/" + first.id());
        assertThat(f.get("id").asText()).isEqualTo(first.id());
        assertThat(f.at("/properties/name").asText()).isEqualTo(first.properties().get("name"));
        HttpResponse<String> missing = server.get("/ogc/collections/villages/items/no-such-village");
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(missing.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
    }

    @Test
    void limit_above_the_maximum_is_lowered() throws Exception {
        try (TestServer small = startServer(Map.of("paging.maxLimit", "3", "paging.defaultLimit", "2"))) {
            JsonNode doc = JSON.readTree(small.get("/ogc/collections/villages/items?limit=50").body());
            assertThat(doc.get("numberReturned").asInt()).isEqualTo(3);
            assertThat(doc.at("/links/0/href").asText()).contains("limit=3");
            assertThat(JSON.readTree(small.get("/ogc/collections/villages/items").body()).get("numberReturned").asInt())
                    .isEqualTo(2);
        }
    }

    @Test
    void datetime_filters_on_updated_at() throws Exception {
        long all = json("/ogc/collections/villages/items").get("numberMatched").asLong();
        assertThat(json("/ogc/collections/villages/items?datetime=../2000-01-01").get("numberMatched").asLong()).isZero();
        assertThat(json("/ogc/collections/villages/items?datetime=2000-01-01/..").get("numberMatched").asLong()).isEqualTo(all);
    }

    @Test
    void health_reports_the_store_the_data_date_and_the_version() throws Exception {
        JsonNode h = json("/health");
        assertThat(h.get("status").asText()).isEqualTo("ok");
        assertThat(h.at("/store/kind").asText()).isEqualTo(server.store.kind());
        assertThat(h.at("/store/reachable").asBoolean()).isTrue();
        String latest = server.catalog.layers().stream().flatMap(l -> {
            try {
                return fromData(l.id()).stream();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }).map(f -> (String) f.properties().get("updated_at")).max(String::compareTo).orElseThrow();
        assertThat(h.get("dataAsOf").asText()).isEqualTo(latest);
        assertThat(h.get("version").asText()).isNotBlank();
    }

    @Test
    void catalogue_api_serves_the_public_view_without_file_names() throws Exception {
        JsonNode c = json("/api/catalog");
        assertThat(c.get("layers").size()).isEqualTo(server.catalog.forRole(Role.PUBLIC).layers().size());
        assertThat(c.get("basemap").isNull()).isTrue();
        assertThat(c.at("/layers/0").has("file")).isFalse();
        assertThat(c.at("/notice/zh").asText()).isEqualTo(server.catalog.notice().zh());
    }
}
