package org.xiangtu.browser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.logging.Level;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.locationtech.jts.geom.Envelope;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.xiangtu.catalog.Role;
import org.xiangtu.store.Feature;
import org.xiangtu.store.FeatureQuery;
import org.xiangtu.testing.Browser;
import org.xiangtu.testing.Navigation;
import org.xiangtu.testing.ApiClient;
import org.xiangtu.testing.TestServer;

/**
 * The planners' workspace in Debian's Chromium against the real server on the GeoPackage store: a
 * planner signs in through the form, draws a polygon around a village and reads the statistics (equal
 * to {@code /api/analysis/within}'s answer), measures a line, asks a what-if, and opens a project
 * popup whose history holds HTML, shown as text. No console error; no request leaves the server.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PlannerBrowserIT {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final Path SCREENSHOTS = Path.of("target", "screenshots");
    private static final JsonMapper JSON = new JsonMapper();
    private static final String USER = "planner-browser";
    private static final String PASSWORD = "planner-browser-password";
    private static final String XSS = "<img src=x onerror=alert(1)><b>x</b>";

    private static TestServer server;
    private static ApiClient api;
    private static Browser browser;
    private static ChromeDriver driver;
    private static final List<LogEntry> console = new ArrayList<>();
    private static final List<LogEntry> performance = new ArrayList<>();

    @BeforeAll
    static void startServerAndBrowser() throws IOException {
        server = TestServer.start();
        server.addUser(USER, Role.PLANNER, PASSWORD);
        api = server.client();
        assertThat(api.signIn(USER, PASSWORD).statusCode()).isEqualTo(200);
        browser = Browser.start(1400, 900);
        driver = browser.driver;

        // what the browser did on its own before the page (its start pages) is not the page's doing
        driver.manage().logs().get(LogType.BROWSER);
        driver.manage().logs().get(LogType.PERFORMANCE);
        Navigation.load(driver, server.url("/planner"));
        waitFor("signin");
        driver.findElement(By.id("signin-name")).sendKeys(USER);
        driver.findElement(By.id("signin-password")).sendKeys(PASSWORD);
        driver.findElement(By.id("signin-submit")).click();
        waitFor("true");
    }

    @AfterAll
    static void stopBrowserAndServer() throws IOException {
        try {
            if (browser != null) {
                browser.close();
            }
        } finally {
            if (server != null) {
                server.close();
            }
        }
    }

    @Test
    @Order(1)
    void the_planner_signed_in_through_the_form_and_sees_every_planner_layer() {
        assertThat(driver.findElement(By.id("user-name")).getText()).contains(USER);
        @SuppressWarnings("unchecked")
        Map<String, Map<String, Object>> layers = (Map<String, Map<String, Object>>) js("return window.APP.layers");
        for (var layer : server.catalog.layers()) {
            if (layer.isSpatial() && Boolean.TRUE.equals(layer.pages().get("planner"))) {
                assertThat(layers).containsKey(layer.id());
                long stored = server.store.collection(layer.id()).orElseThrow().count();
                assertThat(((Number) layers.get(layer.id()).get("total")).longValue()).as(layer.id()).isEqualTo(stored);
            }
        }
        assertThat(driver.findElements(By.cssSelector("#layer-list li.xt-layer"))).hasSize(layers.size());
    }

    @Test
    @Order(2)
    void drawing_a_polygon_around_a_village_shows_the_servers_statistics() throws IOException {
        Feature village = server.store.features("villages", FeatureQuery.all(List.of("code", "name"), 1)).features()
                .get(0);
        Envelope e = village.geometry().getEnvelopeInternal();
        e.expandBy(0.002);
        ObjectNode polygon = box(e);

        draw(polygon);

        JsonNode expected = within(polygon, 0);
        assertThat(expected.at("/villages/codes").toString()).contains((String) village.properties().get("code"));
        assertThat(expected.at("/villages/count").asInt()).isPositive();
        for (String stat : List.of("villages.count", "villages.households", "villages.population",
                "villages.poor_households", "industry_bases.count", "industry_bases.mu", "roads.km", "water_pipes.km",
                "projects.count", "zone.area_m2", "zone.area_mu")) {
            double api = expected.at("/" + stat.replace('.', '/')).asDouble();
            assertThat(shown(stat)).as(stat).isEqualTo(api);
        }
        assertThat(text("villages.names")).contains((String) village.properties().get("name"));
        assertThat(driver.findElement(By.id("results")).getText()).contains("村（社区）", "户数", "建卡贫困户", "产业基地");
        screenshot("planner.png");
    }

    @Test
    @Order(3)
    void a_measured_line_shows_its_length_in_metres_as_the_server_measures_it() throws IOException {
        js("window.APP.setMode('measure')");
        ObjectNode line = (ObjectNode) JSON.readTree(
                "{\"type\":\"LineString\",\"coordinates\":[[106.01,29.83],[106.02,29.84],[106.03,29.84]]}");
        draw(line);
        double metres = within(line, 0).at("/zone/length_m").asDouble();
        assertThat(metres).isBetween(2_000.0, 3_000.0);
        assertThat(shown("zone.length_m")).isEqualTo(metres);
    }

    @Test
    @Order(4)
    void a_what_if_greenway_shows_todays_reach_and_the_new_one() throws IOException {
        js("window.APP.setMode('greenway')");
        ObjectNode line = (ObjectNode) JSON.readTree(
                "{\"type\":\"LineString\",\"coordinates\":[[105.95,29.80],[105.97,29.81]]}");
        draw(line);
        JsonNode answer = (JsonNode) JSON.valueToTree(js("return window.APP.result"));
        HttpResponse<String> r = api.send("POST", "/api/analysis/whatif",
                "{\"kind\":\"greenway\",\"reach\":1000,\"geometry\":" + line + "}", Map.of());
        JsonNode expected = ApiClient.json(r);
        assertThat(answer.at("/villages/before").asInt()).isEqualTo(expected.at("/villages/before").asInt());
        assertThat(shown("villages.before")).isEqualTo(expected.at("/villages/before").asDouble());
        assertThat(shown("villages.after")).isEqualTo(expected.at("/villages/after").asDouble());
        js("window.APP.setMode('within')");
    }

    @Test
    @Order(5)
    void html_in_a_project_note_shows_as_text_in_the_project_popup() throws IOException {
        String id = "project-001";
        HttpResponse<String> get = api.get("/api/projects/" + id);
        String etag = get.headers().firstValue("ETag").orElseThrow();
        HttpResponse<String> patch = api.send("PATCH", "/api/projects/" + id, "{\"note\":" + JSON.writeValueAsString(XSS)
                + "}", Map.of("If-Match", etag));
        assertThat(patch.statusCode()).as(patch.body()).isEqualTo(200);

        assertThat(js("return window.APP.openPopup('projects', '" + id + "')")).isEqualTo(true);
        WebElement timeline = new WebDriverWait(driver, TIMEOUT).until(d -> d.findElements(
                By.cssSelector(".leaflet-popup .xt-timeline[data-loaded='true']")).stream().findFirst().orElse(null));
        // the list scrolls: the note may be out of view, so read the text the DOM holds, then show it
        @SuppressWarnings("unchecked")
        List<String> notes = (List<String>) js("return [...document.querySelectorAll("
                + "'.leaflet-popup .xt-timeline__note')].map(n => n.textContent)");
        assertThat(notes).contains(XSS);
        js("const n = [...document.querySelectorAll('.leaflet-popup .xt-timeline__note')].pop();"
                + " n.closest('ol').scrollTop = n.offsetTop");
        assertThat(timeline.isDisplayed()).isTrue();
        assertThat(driver.findElements(By.cssSelector(".leaflet-popup img, .leaflet-popup b"))).isEmpty();
        try {
            driver.switchTo().alert();
            fail("an alert opened: the note ran as HTML");
        } catch (NoAlertPresentException expected) {
            // the note stayed text
        }
        screenshot("planner-project.png");
    }

    @Test
    @Order(6)
    void a_gbk_shapefile_in_gauss_krueger_imported_through_the_form_lands_in_tongliang_with_readable_chinese()
            throws IOException {
        Path zip = Path.of("src/test/resources/uploads/villages_gbk_4544.zip").toAbsolutePath();
        driver.findElement(By.id("import-file")).sendKeys(zip.toString());
        driver.findElement(By.id("import-title-input")).sendKeys("测绘村界");
        driver.findElement(By.id("import-submit")).click();
        new WebDriverWait(driver, TIMEOUT).until(d -> Boolean.TRUE.equals(js(
                "return !!window.APP.lastImport && window.APP.imported.length > 0")));
        assertThat(text2("#import-status")).contains("测绘村界", "EPSG:4544", "GBK");
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> imported = (List<Map<String, Object>>) js("return window.APP.imported");
        Map<String, Object> layer = imported.stream().filter(l -> "测绘村界".equals(l.get("title"))).findFirst()
                .orElseThrow();
        assertThat(((Number) layer.get("features")).intValue()).isEqualTo(3);
        String[] b = ((String) layer.get("bounds")).split(",");
        assertThat(Double.parseDouble(b[0])).isBetween(105.7, 106.4); // west, in Tongliang
        assertThat(Double.parseDouble(b[1])).isBetween(29.5, 30.2);   // south
        // the imported villages' names read as Chinese in the list and the server's copy
        assertThat(driver.findElement(By.id("imported-list")).getText()).contains("测绘村界");
        String id = (String) layer.get("id");
        JsonNode items = ApiClient.json(api.get("/ogc/collections/" + id + "/items"));
        assertThat(items.at("/features/0/properties/name").asText()).matches(".*\\p{IsHan}.*");

        // a polygon drawn around the import: the statistics the page shows are the server's
        Envelope e = new Envelope(Double.parseDouble(b[0]), Double.parseDouble(b[2]), Double.parseDouble(b[1]),
                Double.parseDouble(b[3]));
        e.expandBy(0.001);
        ObjectNode polygon = box(e);
        draw(polygon);
        JsonNode expected = within(polygon, 0);
        assertThat(shown("villages.count")).isEqualTo(expected.at("/villages/count").asDouble());
        assertThat(shown("zone.area_m2")).isEqualTo(expected.at("/zone/area_m2").asDouble());

        // and the selection exports to a GeoPackage
        new org.openqa.selenium.support.ui.Select(driver.findElement(By.id("export-layer"))).selectByValue("villages");
        new org.openqa.selenium.support.ui.Select(driver.findElement(By.id("export-format"))).selectByValue("gpkg");
        driver.findElement(By.id("export-submit")).click();
        new WebDriverWait(driver, TIMEOUT).until(d -> js("return window.APP.lastExport") != null);
        @SuppressWarnings("unchecked")
        Map<String, Object> export = (Map<String, Object>) js("return window.APP.lastExport");
        assertThat(export).as("export").doesNotContainKey("error");
        assertThat((String) export.get("fileName")).endsWith(".gpkg");
        assertThat(((Number) export.get("size")).longValue()).isGreaterThan(4096);
        screenshot("planner-import.png");
    }

    @Test
    @Order(7)
    void html_and_script_in_an_imported_attribute_show_as_text_in_its_popup() throws IOException {
        Path file = server.dir.resolve("xss.geojson");
        java.nio.file.Files.writeString(file, "{\"type\":\"FeatureCollection\",\"features\":[{\"type\":\"Feature\","
                + "\"properties\":{\"name\":" + JSON.writeValueAsString(XSS) + "},\"geometry\":{\"type\":\"Point\","
                + "\"coordinates\":[106.05,29.85]}}]}", java.nio.charset.StandardCharsets.UTF_8);
        driver.findElement(By.id("import-file")).sendKeys(file.toString());
        driver.findElement(By.id("import-title-input")).clear();
        driver.findElement(By.id("import-title-input")).sendKeys("xss");
        driver.findElement(By.id("import-submit")).click();
        new WebDriverWait(driver, TIMEOUT).until(d -> Boolean.TRUE.equals(js(
                "return window.APP.imported.some(l => l.title === 'xss')")));
        String id = (String) js("return window.APP.imported.find(l => l.title === 'xss').id");
        assertThat(js("return window.APP.openImportedPopup('" + id + "')")).isEqualTo(true);
        new WebDriverWait(driver, TIMEOUT).until(d -> !d.findElements(By.cssSelector(".leaflet-popup .xt-popup")).isEmpty());
        assertThat((String) js("return document.querySelector('.leaflet-popup .xt-popup').textContent")).contains(XSS);
        assertThat(driver.findElements(By.cssSelector(".leaflet-popup img, .leaflet-popup b"))).isEmpty();
        try {
            driver.switchTo().alert();
            fail("an alert opened: the attribute ran as HTML");
        } catch (NoAlertPresentException expected) {
            // the value stayed text
        }
        js("window.APP.map.closePopup()");
    }

    private static String text2(String css) {
        return driver.findElement(By.cssSelector(css)).getText();
    }

    @Test
    @Order(8)
    void english_switches_the_results_labels() {
        js("window.APP.setMode('within')");
        driver.findElement(By.cssSelector("#lang-switch [data-lang='en']")).click();
        new WebDriverWait(driver, Duration.ofSeconds(10)).until(d -> "en".equals(js("return window.APP.lang")));
        assertThat(driver.findElement(By.id("tools-title")).getText()).isEqualTo("Spatial analysis");
        assertThat(driver.findElement(By.id("layers-title")).getText()).isEqualTo("Layers");
        driver.findElement(By.cssSelector("#lang-switch [data-lang='zh']")).click();
    }

    @Test
    @Order(9)
    void a_progress_update_through_the_popup_form_saves_with_the_etag_and_reloads_after_a_conflict()
            throws IOException {
        String id = "project-001"; // under way (a project that is done keeps 100)
        assertThat(js("return window.APP.openPopup('projects', '" + id + "')")).isEqualTo(true);
        new WebDriverWait(driver, TIMEOUT).until(d -> !d.findElements(
                By.cssSelector(".leaflet-popup .xt-timeline[data-loaded='true'] .xt-timeline__form")).isEmpty());

        // a save: the page's PATCH carries the session's CSRF token and the ETag it read
        setProgressAndSave(37);
        waitForTimelineStatus("已保存。");
        assertThat(ApiClient.json(api.get("/api/projects/" + id)).at("/properties/progress_pct").asInt()).isEqualTo(37);

        // somebody else changes the project meanwhile: the page's stale ETag is refused (412), it reloads
        String etag = api.get("/api/projects/" + id).headers().firstValue("ETag").orElseThrow();
        HttpResponse<String> patch = api.send("PATCH", "/api/projects/" + id, "{\"progress_pct\":41}",
                Map.of("If-Match", etag));
        assertThat(patch.statusCode()).as(patch.body()).isEqualTo(200);
        setProgressAndSave(52);
        waitForTimelineStatus("其他人刚刚修改了此项目");
        assertThat(driver.findElement(By.cssSelector(".leaflet-popup .xt-timeline__form input[name='progress_pct']"))
                .getAttribute("value")).isEqualTo("41");
        assertThat(ApiClient.json(api.get("/api/projects/" + id)).at("/properties/progress_pct").asInt()).isEqualTo(41);

        // saved again with the reloaded version
        setProgressAndSave(52);
        waitForTimelineStatus("已保存。");
        assertThat(ApiClient.json(api.get("/api/projects/" + id)).at("/properties/progress_pct").asInt()).isEqualTo(52);
        // the browser logs the refused PATCH as a failed load: that one was provoked here
        drainLogs();
        console.removeIf(e -> e.getMessage().contains("/api/projects/" + id)
                && e.getMessage().contains("status of 412"));
    }

    @Test
    @Order(10)
    void the_page_logged_no_console_error_and_no_request_left_the_server() throws IOException {
        drainLogs();
        for (LogEntry entry : console) {
            System.out.println("[browser " + entry.getLevel() + "] " + entry.getMessage());
        }
        assertThat(console).filteredOn(e -> e.getLevel().intValue() >= Level.SEVERE.intValue())
                .extracting(LogEntry::getMessage).isEmpty();
        String origin = server.url("/");
        List<String> urls = new ArrayList<>();
        for (LogEntry entry : performance) {
            JsonNode message = JSON.readTree(entry.getMessage()).path("message");
            String method = message.path("method").asText();
            if (method.equals("Network.requestWillBeSent")) {
                // every request our page made, and every network request (http, ws) from anywhere; the
                // browser's own chrome:// pages (new tab) load chrome:// resources that never leave it
                String url = message.path("params").path("request").path("url").asText();
                if (message.path("params").path("documentURL").asText().startsWith(origin)
                        || url.matches("(?i)(https?|wss?|ftp):.*")) {
                    urls.add(url);
                }
            } else if (method.equals("Network.webSocketCreated")) {
                urls.add(message.path("params").path("url").asText());
            }
        }
        assertThat(urls).contains(server.url("/api/analysis/within"), server.url("/webjars/leaflet-draw/1.0.2/dist/leaflet.draw.js"));
        assertThat(urls.stream().filter(u -> !(u.startsWith(origin) || u.startsWith("data:") || u.startsWith("blob:")
                || u.startsWith("about:"))).distinct().toList()).as("requests to anywhere but %s", origin).isEmpty();
    }

    // ---- helpers

    private static ObjectNode box(Envelope e) {
        // six decimals, as Leaflet's toGeoJSON writes them, so the page sends exactly this polygon
        double x0 = Math.floor(e.getMinX() * 1e6) / 1e6;
        double y0 = Math.floor(e.getMinY() * 1e6) / 1e6;
        double x1 = Math.ceil(e.getMaxX() * 1e6) / 1e6;
        double y1 = Math.ceil(e.getMaxY() * 1e6) / 1e6;
        try {
            return (ObjectNode) JSON.readTree(String.format(Locale.ROOT,
                    "{\"type\":\"Polygon\",\"coordinates\":[[[%s,%s],[%s,%s],[%s,%s],[%s,%s],[%s,%s]]]}",
                    x0, y0, x1, y0, x1, y1, x0, y1, x0, y0));
        } catch (IOException ex) {
            throw new IllegalStateException(ex);
        }
    }

    /** Places the geometry as a finished drawing (the draw:created path) and waits for the answer. */
    private static void draw(ObjectNode geometry) {
        js("window.__before = window.APP.result; window.APP.draw(" + geometry + ")");
        new WebDriverWait(driver, TIMEOUT).until(d -> Boolean.TRUE.equals(js(
                "return document.body.dataset.busy === 'false' && window.APP.result !== window.__before")));
        @SuppressWarnings("unchecked")
        Map<String, Object> sent = (Map<String, Object>) js("return window.APP.request.body.geometry");
        assertThat((JsonNode) JSON.valueToTree(sent)).as("the geometry the page sent").isEqualTo(geometry);
    }

    private static JsonNode within(ObjectNode geometry, double distance) {
        HttpResponse<String> r = api.send("POST", "/api/analysis/within",
                "{\"distance\":" + distance + ",\"geometry\":" + geometry + "}", Map.of());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return ApiClient.json(r);
    }

    /** Fills the popup form's progress and submits it (by script: the popup's body scrolls, the form may sit below). */
    private static void setProgressAndSave(int pct) {
        js("const t = document.querySelector('.leaflet-popup .xt-timeline');"
                + " t.querySelector('.xt-hint[aria-live]').textContent = '';"
                + " const f = t.querySelector('.xt-timeline__form'); f.scrollIntoView({block: 'center'});"
                + " f.querySelector(\"input[name='progress_pct']\").value = '" + pct + "'; f.requestSubmit()");
    }

    private static void waitForTimelineStatus(String text) {
        new WebDriverWait(driver, TIMEOUT).until(d -> String.valueOf(js(
                "return document.querySelector('.leaflet-popup .xt-timeline .xt-hint[aria-live]').textContent"))
                .contains(text));
    }

    private static double shown(String stat) {
        return Double.parseDouble(driver.findElement(By.cssSelector("#results [data-stat='" + stat + "']"))
                .getAttribute("data-value"));
    }

    private static String text(String stat) {
        return driver.findElement(By.cssSelector("#results [data-stat='" + stat + "']")).getText();
    }

    private static void waitFor(String ready) {
        try {
            new WebDriverWait(driver, TIMEOUT).until(d -> {
                Object r = js("return document.body && document.body.dataset.ready");
                if ("error".equals(r)) {
                    throw new AssertionError("the page reports an error: " + js("return window.APP && window.APP.error"));
                }
                return ready.equals(r);
            });
        } catch (org.openqa.selenium.TimeoutException e) {
            drainLogs();
            fail("data-ready never became " + ready + "; console: " + console.stream().map(LogEntry::getMessage).toList());
        }
    }

    private static void drainLogs() {
        console.addAll(driver.manage().logs().get(LogType.BROWSER).getAll());
        performance.addAll(driver.manage().logs().get(LogType.PERFORMANCE).getAll());
    }

    private static void screenshot(String name) throws IOException {
        Files.createDirectories(SCREENSHOTS);
        Files.write(SCREENSHOTS.resolve(name), driver.getScreenshotAs(OutputType.BYTES));
    }

    private static Object js(String script) {
        return ((JavascriptExecutor) driver).executeScript(script);
    }
}
