package org.xiangtu.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.xiangtu.catalog.Role;
import org.xiangtu.testing.ApiClient;
import org.xiangtu.testing.TestServer;

/**
 * The field app's photos over HTTP on the demo county: a cadre records a visit and uploads the EXIF
 * fixture in chunks, resuming after a cut from what the server says it received; the photo is stored once
 * however often it is sent and counted on the visit; an out-of-order chunk, a wrong SHA-256, bytes that are
 * no image, a photo over {@code photos.maxBytes} and another cadre's visit are refused with problems naming
 * what is wrong, storing nothing; the images served carry no EXIF; planners see the stamped copy and a list
 * without household data; the public sees nothing.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PhotoApiTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final String CADRE = "gb50015100300101";
    private static final String OTHER_CADRE = "gb50015100320101";
    private static final String HOUSEHOLD = "5001510030010001";
    private static final String PASSWORD = "photo-password-1";
    private TestServer server;
    private ApiClient cadre;
    private byte[] fixture;

    /** The server under test; subclasses choose the store. */
    protected TestServer startServer() {
        return TestServer.start();
    }

    @BeforeAll
    void start() throws Exception {
        fixture = Files.readAllBytes(Path.of("src/test/resources/fixtures/photo-exif-gps.jpg"));
        server = startServer();
        server.addUser(CADRE, Role.CADRE, PASSWORD);
        server.addUser(OTHER_CADRE, Role.CADRE, PASSWORD);
        server.addUser("photo-leader", Role.LEADER, PASSWORD);
        server.addUser("photo-planner", Role.PLANNER, PASSWORD);
        cadre = signedIn(CADRE);
    }

    @AfterAll
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private ApiClient signedIn(String name) {
        ApiClient c = server.client();
        assertThat(c.signIn(name, PASSWORD).statusCode()).isEqualTo(200);
        return c;
    }

    private static JsonNode json(HttpResponse<String> r) throws IOException {
        return JSON.readTree(r.body());
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    /** Records a visit of the cadre's household; returns its id. */
    private String visit() throws Exception {
        ObjectNode body = JSON.createObjectNode().put("id", UUID.randomUUID().toString())
                .put("household_code", HOUSEHOLD).put("kind", "monthly").put("at", "2020-10-14T09:40:00+08:00")
                .put("note", "看望，拍照");
        HttpResponse<String> r = cadre.send("POST", "/api/field/visits", body.toString(), Map.of());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return body.get("id").asText();
    }

    /** The visit's photo count, as a resend of the visit answers it. */
    private long visitPhotos(String visitId) throws Exception {
        ObjectNode body = JSON.createObjectNode().put("id", visitId).put("household_code", HOUSEHOLD)
                .put("kind", "monthly").put("at", "2020-10-14T09:40:00+08:00").put("note", "看望，拍照");
        HttpResponse<String> r = cadre.send("POST", "/api/field/visits", body.toString(), Map.of());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return json(r).get("photos").asLong();
    }

    private static ObjectNode begin(String visitId, long bytes, String sha256) {
        return JSON.createObjectNode().put("id", UUID.randomUUID().toString()).put("record", "visit")
                .put("record_id", visitId).put("bytes", bytes).put("sha256", sha256).put("content_type", "image/jpeg")
                .put("taken_at", "2020-10-14T09:35:00").put("lon", 106.0421).put("lat", 29.8448)
                .put("device_lon", 106.0422).put("device_lat", 29.8449);
    }

    private HttpResponse<String> begin(ApiClient c, ObjectNode body) {
        return c.send("POST", "/api/field/photos", body.toString(), Map.of());
    }

    /** Sends bytes {@code [from, to)} of {@code photo} as one chunk. */
    private HttpResponse<String> put(ApiClient c, String id, byte[] photo, int from, int to) throws Exception {
        return put(c, id, Arrays.copyOfRange(photo, from, to),
                "bytes " + from + "-" + (to - 1) + "/" + photo.length);
    }

    private HttpResponse<String> put(ApiClient c, String id, byte[] chunk, String contentRange) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.url("/api/field/photos/" + id + "/content")))
                .timeout(Duration.ofSeconds(60)).PUT(HttpRequest.BodyPublishers.ofByteArray(chunk))
                .header("Content-Type", "application/octet-stream").header("Cookie", c.cookieHeader())
                .header("X-CSRF-Token", c.csrf());
        if (contentRange != null) {
            b.header("Content-Range", contentRange);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A GET answered as bytes, with the client's session (none for a client that is not signed in). */
    private HttpResponse<byte[]> bytes(ApiClient c, String path) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.url(path))).timeout(Duration.ofSeconds(60));
        if (!c.cookieHeader().isEmpty()) {
            b.header("Cookie", c.cookieHeader());
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    /** Whether a JPEG holds an EXIF APP1 segment (FF E1, length, "Exif\0\0") anywhere before its scan. */
    static boolean hasExif(byte[] jpeg) {
        byte[] tag = "Exif\0\0".getBytes(StandardCharsets.ISO_8859_1);
        for (int i = 0; i + 4 + tag.length <= jpeg.length; i++) {
            if ((jpeg[i] & 0xff) == 0xff && (jpeg[i + 1] & 0xff) == 0xe1
                    && Arrays.equals(jpeg, i + 4, i + 4 + tag.length, tag, 0, tag.length)) {
                return true;
            }
        }
        return false;
    }

    /** Uploads the fixture to a new visit in three chunks with a cut after the first; returns the photo id. */
    private String uploadedPhoto(String visitId) throws Exception {
        ObjectNode body = begin(visitId, fixture.length, sha256(fixture));
        String id = body.get("id").asText();
        HttpResponse<String> begun = begin(cadre, body);
        assertThat(begun.statusCode()).as(begun.body()).isEqualTo(201);
        assertThat(json(begun).get("received").asLong()).isZero();
        assertThat(put(cadre, id, fixture, 0, 1000).statusCode()).isEqualTo(200);
        // the cut: the device lost its answer and asks where the upload stands
        HttpResponse<String> state = cadre.get("/api/field/photos/" + id);
        assertThat(state.statusCode()).as(state.body()).isEqualTo(200);
        int received = (int) json(state).get("received").asLong();
        assertThat(received).isEqualTo(1000);
        assertThat(json(state).get("complete").asBoolean()).isFalse();
        HttpResponse<String> again = begin(cadre, body);
        assertThat(again.statusCode()).as(again.body()).isEqualTo(200);
        assertThat(json(again).get("received").asLong()).isEqualTo(1000);
        HttpResponse<String> second = put(cadre, id, fixture, received, 2000);
        assertThat(second.statusCode()).as(second.body()).isEqualTo(200);
        assertThat(json(second).get("received").asLong()).isEqualTo(2000);
        HttpResponse<String> last = put(cadre, id, fixture, 2000, fixture.length);
        assertThat(last.statusCode()).as(last.body()).isEqualTo(200);
        assertThat(json(last).get("complete").asBoolean()).isTrue();
        assertThat(json(last).get("received").asLong()).isEqualTo(fixture.length);
        return id;
    }

    @Test
    void a_photo_sent_in_chunks_resumes_after_a_cut_and_is_stored_once() throws Exception {
        String visit = visit();
        String id = uploadedPhoto(visit);
        assertThat(visitPhotos(visit)).isEqualTo(1);
        ObjectNode resend = begin(visit, fixture.length, sha256(fixture)).put("id", id);
        HttpResponse<String> again = begin(cadre, resend);
        assertThat(again.statusCode()).as(again.body()).isEqualTo(200);
        assertThat(json(again).get("complete").asBoolean()).isTrue();
        HttpResponse<String> chunkAgain = put(cadre, id, fixture, 2000, fixture.length);
        assertThat(chunkAgain.statusCode()).as(chunkAgain.body()).isEqualTo(200);
        assertThat(json(chunkAgain).get("complete").asBoolean()).isTrue();
        assertThat(visitPhotos(visit)).isEqualTo(1);
        assertThat(server.routes().work().audit().page("photo-add", CADRE, 100, 0))
                .filteredOn(e -> e.target().equals(id)).hasSize(1);
        JsonNode list = json(cadre.get("/api/photos?record=visit&id=" + visit)).get("photos");
        assertThat(list).hasSize(1);
        assertThat(list.get(0).get("id").asText()).isEqualTo(id);
        assertThat(list.get(0).get("household_code").asText()).isEqualTo(HOUSEHOLD);
        assertThat(list.get(0).get("flags")).isEmpty();
    }

    @Test
    void an_out_of_order_chunk_is_409_with_what_was_received() throws Exception {
        ObjectNode body = begin(visit(), fixture.length, sha256(fixture));
        String id = body.get("id").asText();
        assertThat(begin(cadre, body).statusCode()).isEqualTo(201);
        assertThat(put(cadre, id, fixture, 0, 800).statusCode()).isEqualTo(200);
        HttpResponse<String> r = put(cadre, id, fixture, 1600, 2400);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(409);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        assertThat(json(r).get("received").asLong()).isEqualTo(800);
        assertThat(json(cadre.get("/api/field/photos/" + id)).get("received").asLong()).isEqualTo(800);
    }

    @Test
    void a_wrong_sha256_is_422_and_stores_nothing() throws Exception {
        String visit = visit();
        ObjectNode body = begin(visit, fixture.length, sha256("something else".getBytes(StandardCharsets.UTF_8)));
        String id = body.get("id").asText();
        assertThat(begin(cadre, body).statusCode()).isEqualTo(201);
        assertThat(put(cadre, id, fixture, 0, 1500).statusCode()).isEqualTo(200);
        HttpResponse<String> r = put(cadre, id, fixture, 1500, fixture.length);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(422);
        assertThat(json(r).get("parameter").asText()).isEqualTo("sha256");
        JsonNode state = json(cadre.get("/api/field/photos/" + id));
        assertThat(state.get("received").asLong()).isZero();
        assertThat(state.get("complete").asBoolean()).isFalse();
        assertThat(visitPhotos(visit)).isZero();
        assertThat(server.routes().work().photos().photo(id)).isEmpty();
    }

    @Test
    void bytes_that_are_no_image_are_415_naming_content() throws Exception {
        String visit = visit();
        byte[] text = "这不是照片 — not a photo at all, just text".repeat(10).getBytes(StandardCharsets.UTF_8);
        ObjectNode body = begin(visit, text.length, sha256(text));
        String id = body.get("id").asText();
        assertThat(begin(cadre, body).statusCode()).isEqualTo(201);
        HttpResponse<String> r = put(cadre, id, text, 0, text.length);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(415);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        assertThat(json(r).get("parameter").asText()).isEqualTo("content");
        assertThat(visitPhotos(visit)).isZero();
        assertThat(server.routes().work().photos().photo(id)).isEmpty();
    }

    @Test
    void a_photo_over_the_limit_is_413_naming_the_limit() throws Exception {
        long max = org.xiangtu.config.ConfigLoader.load(null, Map.of(), Map.of()).photos().maxBytes();
        HttpResponse<String> r = begin(cadre, begin(visit(), max + 1, sha256(fixture)));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(413);
        JsonNode p = json(r);
        assertThat(p.get("limit").asText()).isEqualTo("photos.maxBytes");
        assertThat(p.get("max").asLong()).isEqualTo(max);
        assertThat(p.get("parameter").asText()).isEqualTo("photos.maxBytes");
    }

    @Test
    void a_bad_content_range_is_400_naming_it() throws Exception {
        ObjectNode body = begin(visit(), fixture.length, sha256(fixture));
        String id = body.get("id").asText();
        assertThat(begin(cadre, body).statusCode()).isEqualTo(201);
        byte[] chunk = Arrays.copyOfRange(fixture, 0, 100);
        for (String range : Arrays.asList(null, "bytes 0-99", "bytes 0-98/" + fixture.length, "items 0-99/2440",
                "bytes 99-0/" + fixture.length, "bytes 0-99/" + (fixture.length + 1))) {
            HttpResponse<String> r = put(cadre, id, chunk, range);
            assertThat(r.statusCode()).as(range + ": " + r.body()).isEqualTo(400);
            assertThat(json(r).get("parameter").asText()).as(range).isEqualTo("Content-Range");
        }
        assertThat(json(cadre.get("/api/field/photos/" + id)).get("received").asLong()).isZero();
    }

    @Test
    void a_chunk_over_the_limit_is_413_naming_the_limit() throws Exception {
        ObjectNode body = begin(visit(), 3 << 20, sha256(fixture));
        String id = body.get("id").asText();
        assertThat(begin(cadre, body).statusCode()).isEqualTo(201);
        long max = org.xiangtu.config.ConfigLoader.load(null, Map.of(), Map.of()).photos().maxChunkBytes();
        HttpResponse<String> r = put(cadre, id, new byte[(int) max + 1], "bytes 0-" + max + "/" + (3 << 20));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(413);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        assertThat(json(r).get("limit").asText()).isEqualTo("photos.maxChunkBytes");
        assertThat(json(r).get("max").asLong()).isEqualTo(max);
        assertThat(json(cadre.get("/api/field/photos/" + id)).get("received").asLong()).isZero();
    }

    @Test
    void a_chunk_over_the_limit_sent_without_its_length_is_413_naming_the_limit() throws Exception {
        ObjectNode body = begin(visit(), 3 << 20, sha256(fixture));
        String id = body.get("id").asText();
        assertThat(begin(cadre, body).statusCode()).isEqualTo(201);
        long max = org.xiangtu.config.ConfigLoader.load(null, Map.of(), Map.of()).photos().maxChunkBytes();
        // twice the limit, chunked (Transfer-Encoding: chunked, no Content-Length): also over Javalin's own limit
        byte[] big = new byte[(int) Math.max(2 * max, org.xiangtu.web.Bodies.MAX_JSON + 4096)];
        java.io.ByteArrayOutputStream chunked = new java.io.ByteArrayOutputStream();
        for (int at = 0; at < big.length; at += 65_536) {
            int n = Math.min(65_536, big.length - at);
            chunked.write((Integer.toHexString(n) + "\r\n").getBytes(StandardCharsets.US_ASCII));
            chunked.write(big, at, n);
            chunked.write("\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        chunked.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        org.xiangtu.testing.RawHttp.Answer a = org.xiangtu.testing.RawHttp.send(server.app.port(),
                "PUT /api/field/photos/" + id + "/content HTTP/1.1\r\nContent-Type: application/octet-stream\r\n"
                + "Content-Range: bytes 0-" + (big.length - 1) + "/" + (3 << 20) + "\r\nCookie: " + cadre.cookieHeader()
                + "\r\nX-CSRF-Token: " + cadre.csrf() + "\r\nTransfer-Encoding: chunked", chunked.toByteArray());
        assertThat(a.head()).doesNotContain("Content-Length: " + big.length);
        assertThat(a.status()).as(a.body()).isEqualTo(413);
        assertThat(a.header("Content-Type")).startsWith("application/problem+json");
        JsonNode p = JSON.readTree(a.body());
        assertThat(p.get("limit").asText()).isEqualTo("photos.maxChunkBytes");
        assertThat(p.get("max").asLong()).isEqualTo(max);
        assertThat(json(cadre.get("/api/field/photos/" + id)).get("received").asLong()).isZero();
    }

    @Test
    void a_jpeg_cut_short_is_415_and_never_a_server_error() throws Exception {
        for (int cut : new int[] {3, 200, fixture.length / 2, fixture.length - 2}) {
            String visit = visit();
            byte[] part = Arrays.copyOf(fixture, cut);
            ObjectNode body = begin(visit, part.length, sha256(part));
            String id = body.get("id").asText();
            assertThat(begin(cadre, body).statusCode()).isEqualTo(201);
            HttpResponse<String> r = put(cadre, id, part, 0, part.length);
            assertThat(r.statusCode()).as(cut + ": " + r.body()).isEqualTo(415);
            assertThat(json(r).get("parameter").asText()).isEqualTo("content");
            assertThat(server.routes().work().photos().photo(id)).isEmpty();
        }
    }

    @Test
    void the_device_jpeg_is_kept_without_metadata_and_its_thumbnail_made_at_the_first_request() throws Exception {
        String id = uploadedPhoto(visit());
        org.xiangtu.store.PhotoStore store = server.routes().work().photos();
        byte[] full = store.image(id, false).orElseThrow();
        assertThat(hasExif(full)).isFalse();
        // the device's pixels as sent: the same scan data, nothing decoded and encoded again
        assertThat(full).isEqualTo(org.xiangtu.edit.JpegStrip.strip(fixture, Long.MAX_VALUE).jpeg());
        assertThat(store.image(id, true).orElseThrow()).isEmpty(); // not made in the upload's request
        HttpResponse<byte[]> thumb = bytes(cadre, "/api/photos/" + id + "?size=thumb");
        assertThat(thumb.statusCode()).isEqualTo(200);
        java.awt.image.BufferedImage t = javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(thumb.body()));
        int side = org.xiangtu.config.ConfigLoader.load(null, Map.of(), Map.of()).photos().thumbnailSide();
        assertThat(Math.max(t.getWidth(), t.getHeight())).isLessThanOrEqualTo(side);
        assertThat(store.image(id, true).orElseThrow()).isEqualTo(thumb.body()); // kept
        assertThat(bytes(cadre, "/api/photos/" + id + "?size=thumb").body()).isEqualTo(thumb.body());
    }

    @Test
    void without_the_devices_exif_the_server_reads_it_before_stripping_for_the_flags() throws Exception {
        String visit = visit();
        ObjectNode body = begin(visit, fixture.length, sha256(fixture));
        body.remove(List.of("taken_at", "lon", "lat"));
        body.put("device_lon", 106.0535).put("device_lat", 29.8448); // about 1.1 km east of the EXIF position
        String id = body.get("id").asText();
        assertThat(begin(cadre, body).statusCode()).isEqualTo(201);
        HttpResponse<String> r = put(cadre, id, fixture, 0, fixture.length);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode p = json(cadre.get("/api/photos?record=visit&id=" + visit)).get("photos").get(0);
        assertThat(p.get("taken_at").asText()).isEqualTo("2020-10-14T09:35:00");
        assertThat(p.get("lon").asDouble()).isBetween(106.0420, 106.0422);
        assertThat(p.get("lat").asDouble()).isBetween(29.8447, 29.8449);
        assertThat(p.get("flags").toString()).contains("far_from_fix");
        assertThat(hasExif(server.routes().work().photos().image(id, false).orElseThrow())).isFalse();
    }

    @Test
    void another_cadres_visit_and_upload_answer_404() throws Exception {
        String visit = visit();
        ApiClient other = signedIn(OTHER_CADRE);
        HttpResponse<String> r = begin(other, begin(visit, fixture.length, sha256(fixture)));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(404);
        ObjectNode mine = begin(visit, fixture.length, sha256(fixture));
        String id = mine.get("id").asText();
        assertThat(begin(cadre, mine).statusCode()).isEqualTo(201);
        assertThat(other.get("/api/field/photos/" + id).statusCode()).isEqualTo(404);
        assertThat(put(other, id, fixture, 0, 100).statusCode()).isEqualTo(404);
        assertThat(json(cadre.get("/api/field/photos/" + id)).get("received").asLong()).isZero();
    }

    @Test
    void the_images_served_carry_no_exif_and_reach_only_who_may_see_them() throws Exception {
        assertThat(hasExif(fixture)).isTrue();
        String visit = visit();
        String id = uploadedPhoto(visit);
        ApiClient leader = signedIn("photo-leader");
        ApiClient planner = signedIn("photo-planner");
        ApiClient other = signedIn(OTHER_CADRE);
        ApiClient anyone = server.client();

        HttpResponse<byte[]> full = bytes(cadre, "/api/photos/" + id + "?size=full");
        assertThat(full.statusCode()).isEqualTo(200);
        assertThat(full.headers().firstValue("Content-Type").orElse("")).startsWith("image/jpeg");
        assertThat(full.headers().firstValue("Cache-Control").orElse("")).startsWith("private");
        assertThat(hasExif(full.body())).isFalse();
        HttpResponse<byte[]> leaders = bytes(leader, "/api/photos/" + id);
        assertThat(leaders.statusCode()).isEqualTo(200);
        assertThat(leaders.body()).isEqualTo(full.body());
        HttpResponse<byte[]> thumb = bytes(cadre, "/api/photos/" + id + "?size=thumb");
        assertThat(thumb.statusCode()).isEqualTo(200);
        assertThat(hasExif(thumb.body())).isFalse();

        HttpResponse<byte[]> stamped = bytes(planner, "/api/photos/" + id + "/stamped");
        assertThat(stamped.statusCode()).isEqualTo(200);
        assertThat(stamped.headers().firstValue("Content-Type").orElse("")).startsWith("image/jpeg");
        assertThat(stamped.body()).isNotEqualTo(full.body());
        assertThat(hasExif(stamped.body())).isFalse();

        for (String path : List.of("/api/photos/" + id, "/api/photos/" + id + "?size=thumb",
                "/api/photos/" + id + "/stamped", "/api/photos?record=visit&id=" + visit)) {
            assertThat(bytes(anyone, path).statusCode()).as("public " + path).isEqualTo(404);
        }
        assertThat(bytes(planner, "/api/photos/" + id).statusCode()).isEqualTo(404);
        assertThat(bytes(other, "/api/photos/" + id).statusCode()).isEqualTo(404);
        assertThat(bytes(cadre, "/api/photos/" + id + "/stamped").statusCode()).isEqualTo(404);
        assertThat(bytes(cadre, "/api/photos/" + id + "?size=huge").statusCode()).isEqualTo(400);

        HttpResponse<String> list = planner.get("/api/photos?record=visit&id=" + visit);
        assertThat(list.statusCode()).as(list.body()).isEqualTo(200);
        assertThat(list.body()).doesNotContain(HOUSEHOLD).doesNotContain(CADRE).doesNotContain("106.04")
                .doesNotContain("household_code");
        assertThat(json(list).get("photos").get(0).get("stamped").asText()).isEqualTo("/api/photos/" + id + "/stamped");
    }
}
