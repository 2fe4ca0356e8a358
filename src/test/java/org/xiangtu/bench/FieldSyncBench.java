package org.xiangtu.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.net.CookieManager;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.GZIPInputStream;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import org.xiangtu.App;
import org.xiangtu.account.PasswordHasher;
import org.xiangtu.catalog.Role;
import org.xiangtu.account.Users;
import org.xiangtu.catalog.CatalogLoader;
import org.xiangtu.config.AppConfig;
import org.xiangtu.config.ConfigLoader;
import org.xiangtu.catalog.DataSource;
import org.xiangtu.store.FeatureStore;
import org.xiangtu.store.WorkStore;

/**
 * The field app's sync benchmark (issue 16, item 8), driven by {@code bench/field/run.sh}; see bench/README.md,
 * "Field app sync". A client doing what the app's queue does (visit POST, photo POST, 256 KiB chunked PUTs,
 * one keep-alive HTTP/1.1 connection per device), the photo reduction done before the run, a sink for the
 * {@code curl} floor, and the 100-device and listing runs. Not a test: never run by the unit suite.
 *
 * <pre>
 * cadres  (--gpkg FILE | --database-url URL) N PASSWORD   adds the first N demo cadres as users, prints names
 * photos  DIR N                                          ~3 MB noisy originals reduced to 1600 px / 0.8
 * sink    PORT                                           drains bodies, answers 200 {}
 * sync    BASE CADRE PASSWORD DIR N [CURL_DIR SINK_URL]  one device, N visits + photos; prints seconds
 * devices BASE PASSWORD DIR VISITS CADRE...              all at once, then everything again; status counts
 * list    BASE PASSWORD REQUESTS CADRE...                p50/p99 of GET /api/field/households
 * </pre>
 */
public final class FieldSyncBench {
    static final int CHUNK = 256 * 1024;
    private static final ObjectMapper JSON = new ObjectMapper();

    private FieldSyncBench() {
    }

    public static void main(String[] a) throws Exception {
        switch (a[0]) {
            case "cadres" -> cadres(a[1], a[2], Integer.parseInt(a[3]), a[4]);
            case "photos" -> photos(Path.of(a[1]), Integer.parseInt(a[2]));
            case "sink" -> sink(Integer.parseInt(a[1]));
            case "sync" -> sync(a[1], a[2], a[3], Path.of(a[4]), Integer.parseInt(a[5]),
                    a.length > 6 ? Path.of(a[6]) : null, a.length > 7 ? a[7] : null);
            case "devices" -> devices(a[1], a[2], Path.of(a[3]), Integer.parseInt(a[4]),
                    List.of(a).subList(5, a.length));
            case "list" -> list(a[1], a[2], Integer.parseInt(a[3]), List.of(a).subList(4, a.length));
            default -> throw new IllegalArgumentException("unknown mode " + a[0]);
        }
    }

    /** The demo's cadres (the households' {@code cadre} field), in code order, each with their households. */
    static Map<String, List<JsonNode>> demoCadres() throws IOException {
        Map<String, List<JsonNode>> m = new TreeMap<>();
        try (InputStream in = new GZIPInputStream(Files.newInputStream(Path.of("data/households.geojson.gz")))) {
            for (JsonNode f : JSON.readTree(in).get("features")) {
                m.computeIfAbsent(f.get("properties").get("cadre").asText(), k -> new ArrayList<>()).add(f);
            }
        }
        return m;
    }

    private static void cadres(String option, String where, int n, String password) throws IOException {
        Map<String, String> overrides = new LinkedHashMap<>();
        overrides.put(option.equals("--gpkg") ? "store.gpkg" : "store.databaseUrl", where);
        AppConfig config = ConfigLoader.load(null, Map.of(), overrides);
        DataSource data = DataSource.folderOrBundled(Path.of(config.store().data()));
        String hash = PasswordHasher.hash(password);
        try (FeatureStore store = App.openStore(config, CatalogLoader.read(data), data);
                WorkStore work = store.openWork()) {
            Users users = new Users(work.users());
            for (String name : demoCadres().keySet().stream().limit(n).toList()) {
                users.add(name, Role.CADRE, hash);
                System.out.println(name);
            }
        }
    }

    /** Generates noisy ~3 MB originals and reduces them as the app does; not timed. */
    private static void photos(Path dir, int n) throws IOException {
        Files.createDirectories(dir);
        int distinct = Math.min(n, 8);
        List<byte[]> reduced = new ArrayList<>();
        long originals = 0;
        for (int k = 0; k < distinct; k++) {
            byte[] original = jpeg(noisy(4000, 3000, k), 0.85f);
            originals += original.length;
            BufferedImage img = ImageIO.read(new ByteArrayInputStream(original));
            reduced.add(jpeg(scale(img, 1600), 0.8f));
        }
        long sum = 0;
        for (int i = 0; i < n; i++) {
            byte[] r = withComment(reduced.get(i % distinct), "bench photo " + i); // distinct bytes and SHA-256
            sum += r.length;
            Files.write(dir.resolve(String.format("%04d.jpg", i)), r);
        }
        System.out.printf("originals: %d of %.2f MB on average; reduced: %d photos, %.0f KB on average%n",
                distinct, originals / 1e6 / distinct, n, sum / 1024.0 / n);
    }

    private static BufferedImage noisy(int w, int h, long seed) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Random r = new Random(seed);
        int[] row = new int[w];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int base = (int) (100 + 60 * Math.sin(x / 180.0 + seed) * Math.cos(y / 140.0));
                int n = r.nextInt(44) - 22;
                int red = clamp(base + n + 30);
                int green = clamp(base + r.nextInt(44) - 22);
                int blue = clamp(base - 20 + r.nextInt(44) - 22);
                row[x] = red << 16 | green << 8 | blue;
            }
            img.setRGB(0, y, w, 1, row, 0, w);
        }
        return img;
    }

    private static int clamp(int v) {
        return Math.max(0, Math.min(255, v));
    }

    private static BufferedImage scale(BufferedImage img, int longSide) {
        double f = (double) longSide / Math.max(img.getWidth(), img.getHeight());
        int w = (int) Math.round(img.getWidth() * f);
        int h = (int) Math.round(img.getHeight() * f);
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        var g = out.createGraphics();
        g.setRenderingHint(java.awt.RenderingHints.KEY_INTERPOLATION,
                java.awt.RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.drawImage(img, 0, 0, w, h, null);
        g.dispose();
        return out;
    }

    private static byte[] jpeg(BufferedImage img, float quality) throws IOException {
        ImageWriter w = ImageIO.getImageWritersByFormatName("jpeg").next();
        ImageWriteParam p = w.getDefaultWriteParam();
        p.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
        p.setCompressionQuality(quality);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (MemoryCacheImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
            w.setOutput(out);
            w.write(null, new IIOImage(img, null, null), p);
        } finally {
            w.dispose();
        }
        return bytes.toByteArray();
    }

    /** The JPEG with a COM segment after SOI. */
    private static byte[] withComment(byte[] jpeg, String text) {
        byte[] t = text.getBytes(StandardCharsets.US_ASCII);
        ByteArrayOutputStream b = new ByteArrayOutputStream(jpeg.length + t.length + 4);
        b.write(jpeg, 0, 2);
        b.write(0xFF);
        b.write(0xFE);
        b.write((t.length + 2) >> 8);
        b.write((t.length + 2) & 0xFF);
        b.write(t, 0, t.length);
        b.write(jpeg, 2, jpeg.length - 2);
        return b.toByteArray();
    }

    /** A server doing no work: reads each body and answers 200 {@code {}} (the curl floor's target). */
    private static void sink(int port) throws IOException {
        System.setProperty("sun.net.httpserver.nodelay", "true"); // else Nagle and delayed ACKs cost 40 ms a request
        HttpServer s = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 64);
        s.createContext("/", ex -> {
            try (InputStream in = ex.getRequestBody()) {
                in.transferTo(java.io.OutputStream.nullOutputStream());
            }
            byte[] body = "{}".getBytes(StandardCharsets.US_ASCII);
            ex.getResponseHeaders().set("Content-Type", "application/json");
            ex.sendResponseHeaders(200, body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
        s.setExecutor(Executors.newFixedThreadPool(4));
        s.start();
        System.out.println("sink on " + port);
    }

    /** One device: a signed-in HTTP/1.1 client (one keep-alive connection when used sequentially). */
    static final class Device {
        final String base;
        final String cadre;
        final HttpClient http;
        final List<JsonNode> households;
        String csrf;
        final Map<Integer, Integer> statuses = new TreeMap<>();
        private final Map<Integer, Integer> logged = new TreeMap<>();

        Device(String base, String cadre, List<JsonNode> households) {
            this.base = base;
            this.cadre = cadre;
            this.households = households;
            this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                    .cookieHandler(new CookieManager()).connectTimeout(Duration.ofSeconds(10)).build();
        }

        void signIn(String password) throws Exception {
            for (int attempt = 0; ; attempt++) {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/api/session"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(
                                Map.of("name", cadre, "password", password)))).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    csrf = JSON.readTree(r.body()).get("csrf").asText();
                    return;
                }
                if (attempt > 5) {
                    throw new IllegalStateException("sign-in of " + cadre + ": " + r.statusCode() + " " + r.body());
                }
                Thread.sleep(1000);
            }
        }

        HttpResponse<String> send(String method, String path, byte[] body, String contentType, String range)
                throws Exception {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).header("X-CSRF-Token", csrf)
                    .header("Content-Type", contentType).method(method, HttpRequest.BodyPublishers.ofByteArray(body));
            if (range != null) {
                b.header("Content-Range", range);
            }
            HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
            synchronized (statuses) {
                if (r.statusCode() >= 300 && logged.merge(r.statusCode(), 1, Integer::sum) <= 2) {
                    System.err.println(method + " " + path + " " + new String(body.length < 2000 ? body : new byte[0],
                            StandardCharsets.UTF_8) + " -> " + r.statusCode() + " " + r.body());
                }
                statuses.merge(r.statusCode(), 1, Integer::sum);
            }
            return r;
        }
    }

    /** One queued item: the visit and its photo, as the app's queue holds them. */
    record Item(String visitId, byte[] visit, String photoId, byte[] begin, byte[] photo) {
    }

    /** ISO date-time with seconds always written ({@code toString} drops ":00", which taken_at refuses). */
    private static final java.time.format.DateTimeFormatter SECONDS =
            java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssXXX");

    static List<Item> queue(List<JsonNode> households, Path dir, int n, int offset) throws Exception {
        List<Item> items = new ArrayList<>();
        OffsetDateTime at = OffsetDateTime.now(ZoneOffset.ofHours(8)).minusHours(2);
        for (int i = 0; i < n; i++) {
            JsonNode h = households.get(i % households.size());
            JsonNode c = h.get("geometry").get("coordinates");
            String visitId = UUID.randomUUID().toString();
            ObjectNode v = JSON.createObjectNode();
            v.put("id", visitId).put("household_code", h.get("properties").get("code").asText()).put("kind", "monthly")
                    .put("at", SECONDS.format(at.plusSeconds(i))).put("note", "入户走访 bench visit " + i)
                    .put("lon", c.get(0).asDouble()).put("lat", c.get(1).asDouble());
            byte[] photo = Files.readAllBytes(dir.resolve(String.format("%04d.jpg", (offset + i) % count(dir))));
            String photoId = UUID.randomUUID().toString();
            ObjectNode p = JSON.createObjectNode();
            p.put("id", photoId).put("record", "visit").put("record_id", visitId).put("bytes", photo.length)
                    .put("sha256", HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(photo)))
                    .put("content_type", "image/jpeg").put("taken_at", SECONDS.format(at.plusSeconds(i)))
                    .put("lon", c.get(0).asDouble()).put("lat", c.get(1).asDouble())
                    .put("device_lon", c.get(0).asDouble()).put("device_lat", c.get(1).asDouble());
            items.add(new Item(visitId, JSON.writeValueAsBytes(v), photoId, JSON.writeValueAsBytes(p), photo));
        }
        return items;
    }

    private static final Map<Path, Integer> COUNTS = new ConcurrentHashMap<>();

    private static int count(Path dir) {
        return COUNTS.computeIfAbsent(dir, d -> {
            try (var s = Files.list(d)) {
                return (int) s.filter(p -> p.toString().endsWith(".jpg")).count();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    /** What the app's queue does for one item; answers the number of requests. */
    static int push(Device d, Item it) throws Exception {
        int requests = 2;
        d.send("POST", "/api/field/visits", it.visit(), "application/json", null);
        d.send("POST", "/api/field/photos", it.begin(), "application/json", null);
        byte[] p = it.photo();
        for (int start = 0; start < p.length; start += CHUNK) {
            int end = Math.min(p.length, start + CHUNK);
            d.send("PUT", "/api/field/photos/" + it.photoId() + "/content", Arrays.copyOfRange(p, start, end),
                    "image/jpeg", "bytes " + start + "-" + (end - 1) + "/" + p.length);
            requests++;
        }
        return requests;
    }

    private static void sync(String base, String cadre, String password, Path dir, int n, Path curlDir,
            String sinkUrl) throws Exception {
        Device d = new Device(base, cadre, demoCadres().get(cadre));
        d.signIn(password);
        List<Item> items = queue(d.households, dir, n, 0);
        if (curlDir != null) {
            writeCurl(items, curlDir, sinkUrl, d.csrf);
        }
        long bytes = 0;
        int requests = 0;
        long t0 = System.nanoTime();
        for (Item it : items) {
            requests += push(d, it);
            bytes += it.visit().length + it.begin().length + it.photo().length;
        }
        double s = (System.nanoTime() - t0) / 1e9;
        System.out.printf("seconds %.3f requests %d bytes %d statuses %s%n", s, requests, bytes, d.statuses);
    }

    /** The curl config sending the same requests, headers and bytes to the sink, on one connection. */
    private static void writeCurl(List<Item> items, Path dir, String sink, String csrf) throws IOException {
        Files.createDirectories(dir);
        try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(dir.resolve("curl.cfg")))) {
            int f = 0;
            boolean first = true;
            for (Item it : items) {
                List<String[]> reqs = new ArrayList<>();
                reqs.add(new String[] {"POST", "/api/field/visits", "application/json", null});
                reqs.add(new String[] {"POST", "/api/field/photos", "application/json", null});
                List<byte[]> bodies = new ArrayList<>(List.of(it.visit(), it.begin()));
                byte[] p = it.photo();
                for (int start = 0; start < p.length; start += CHUNK) {
                    int end = Math.min(p.length, start + CHUNK);
                    reqs.add(new String[] {"PUT", "/api/field/photos/" + it.photoId() + "/content", "image/jpeg",
                            "bytes " + start + "-" + (end - 1) + "/" + p.length});
                    bodies.add(Arrays.copyOfRange(p, start, end));
                }
                for (int k = 0; k < reqs.size(); k++) {
                    String[] r = reqs.get(k);
                    Path body = dir.resolve("b" + f++);
                    Files.write(body, bodies.get(k));
                    if (!first) {
                        w.println("next");
                    }
                    first = false;
                    w.println("url = \"" + sink + r[1] + "\"");
                    w.println("request = " + r[0]);
                    w.println("data-binary = \"@" + body + "\"");
                    w.println("header = \"Content-Type: " + r[2] + "\"");
                    w.println("header = \"X-CSRF-Token: " + csrf + "\"");
                    w.println("header = \"Cookie: xiangtu_session=0000000000000000000000000000000000000000000\"");
                    if (r[3] != null) {
                        w.println("header = \"Content-Range: " + r[3] + "\"");
                    }
                    w.println("header = \"Expect:\""); // the Java client sends no Expect: 100-continue either
                    w.println("output = /dev/null");
                }
            }
        }
    }

    private static void devices(String base, String password, Path dir, int visits, List<String> cadres)
            throws Exception {
        Map<String, List<JsonNode>> all = demoCadres();
        List<Device> devices = new ArrayList<>();
        for (String c : cadres) {
            Device d = new Device(base, c, all.get(c));
            d.signIn(password); // a device keeps its session: sign-ins are not part of the sync
            devices.add(d);
        }
        List<List<Item>> queues = new ArrayList<>();
        for (int i = 0; i < devices.size(); i++) {
            queues.add(queue(devices.get(i).households, dir, visits, i * visits));
        }
        for (String round : List.of("first", "again")) {
            devices.forEach(d -> d.statuses.clear());
            ExecutorService pool = Executors.newFixedThreadPool(devices.size());
            AtomicInteger requests = new AtomicInteger();
            long t0 = System.nanoTime();
            List<Future<?>> fs = new ArrayList<>();
            for (int i = 0; i < devices.size(); i++) {
                Device d = devices.get(i);
                List<Item> q = queues.get(i);
                fs.add(pool.submit(() -> {
                    for (Item it : q) {
                        requests.addAndGet(push(d, it));
                    }
                    return null;
                }));
            }
            for (Future<?> f : fs) {
                f.get();
            }
            double s = (System.nanoTime() - t0) / 1e9;
            pool.shutdown();
            Map<Integer, Integer> total = new TreeMap<>();
            devices.forEach(d -> d.statuses.forEach((k, v) -> total.merge(k, v, Integer::sum)));
            System.out.printf("%s: devices %d visits %d photos %d requests %d seconds %.2f statuses %s%n", round,
                    devices.size(), devices.size() * visits, devices.size() * visits, requests.get(), s, total);
        }
    }

    private static void list(String base, String password, int requests, List<String> cadres) throws Exception {
        Map<String, List<JsonNode>> all = demoCadres();
        List<Device> devices = new ArrayList<>();
        for (String c : cadres) {
            Device d = new Device(base, c, all.get(c));
            d.signIn(password);
            devices.add(d);
        }
        long[] ns = new long[requests];
        Map<Integer, Integer> statuses = new TreeMap<>();
        for (int warm = 0; warm < 200; warm++) {
            get(devices.get(warm % devices.size()));
        }
        for (int i = 0; i < requests; i++) {
            long t0 = System.nanoTime();
            int st = get(devices.get(i % devices.size()));
            ns[i] = System.nanoTime() - t0;
            statuses.merge(st, 1, Integer::sum);
        }
        Arrays.sort(ns);
        System.out.printf("requests %d cadres %d p50 %.2f ms p99 %.2f ms max %.2f ms statuses %s%n", requests,
                devices.size(), ns[requests / 2] / 1e6, ns[(int) (requests * 0.99)] / 1e6, ns[requests - 1] / 1e6,
                statuses);
    }

    private static int get(Device d) throws Exception {
        HttpResponse<byte[]> r = d.http.send(HttpRequest.newBuilder(URI.create(d.base + "/api/field/households"))
                .GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        return r.statusCode();
    }
}
