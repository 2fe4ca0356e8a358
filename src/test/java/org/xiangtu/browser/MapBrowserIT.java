package org.xiangtu.browser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.xiangtu.catalog.LayerDef;
import org.xiangtu.testing.Browser;
import org.xiangtu.testing.Navigation;
import org.xiangtu.testing.TestServer;

/**
 * The cockpit map page in Debian's Chromium (headless, driven by Debian's chromedriver, never
 * Selenium Manager) against the real server on the GeoPackage store built from {@code data/}.
 * Every test loads the page afresh and waits for {@code document.body.dataset.ready}.
 */
class MapBrowserIT {
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);
    private static final Path SCREENSHOTS = Path.of("target", "screenshots");
    private static final JsonMapper JSON = new JsonMapper();

    private static TestServer server;
    private static Browser browser;
    private static ChromeDriver driver;

    /** What one page load left in the browser's logs. */
    record Load(List<LogEntry> console, List<LogEntry> performance) {
    }

    @BeforeAll
    static void startServerAndBrowser() throws IOException {
        server = TestServer.start();
        browser = Browser.start(1280, 800);
        driver = browser.driver;
    }

    @AfterAll
    static void stopBrowserAndServer() throws IOException {
        Browser.closeWith(browser, server);
    }

    @Test
    void the_map_draws_every_default_layer_with_all_its_features() throws IOException {
        open();

        Map<String, Map<String, Object>> layers = appLayers();
        long drawable = 0;
        for (LayerDef layer : server.catalog.layers()) {
            if (!layer.isSpatial() || !Boolean.TRUE.equals(layer.pages().get("cockpit"))) {
                continue;
            }
            JsonNode items = items(layer.id());
            long numberMatched = items.path("numberMatched").asLong(-1);
            assertThat(layers).as("window.APP.layers").containsKey(layer.id());
            Map<String, Object> state = layers.get(layer.id());
            assertThat(state.get("visible")).as("%s is visible", layer.id()).isEqualTo(true);
            assertThat(numberMatched).as("%s has features", layer.id()).isPositive();
            assertThat(((Number) state.get("featureCount")).longValue())
                    .as("features of %s drawn by the page", layer.id()).isEqualTo(numberMatched);
            for (JsonNode feature : items.path("features")) {
                if (!feature.path("geometry").isNull() && !feature.path("geometry").isMissingNode()) {
                    drawable++;
                }
            }
        }
        // Leaflet draws one SVG <path> per feature (circle markers too), in the map's panes, not the controls;
        // at the county view the catalogue's scale rules leave out what belongs to closer views (MapScaleBrowserIT).
        long paths = ((Number) js("return document.querySelectorAll('#map .leaflet-map-pane svg path').length"))
                .longValue();
        long drawnNow = ((Number) js("return Object.values(window.APP.layers).filter(l => l.visible)"
                + ".reduce((n, l) => n + l.drawn.features, 0)")).longValue();
        assertThat(drawable).isPositive();
        assertThat(paths).as("SVG paths on the map").isPositive().isGreaterThanOrEqualTo(drawnNow);
        for (String always : List.of("district", "towns", "villages")) {
            assertThat(((Number) js("return window.APP.layers['" + always + "'].drawn.features")).longValue())
                    .as("%s draws every feature at every scale", always)
                    .isEqualTo(((Number) layers.get(always).get("featureCount")).longValue());
        }
    }

    @Test
    void the_page_logs_no_console_error() {
        Load load = open();

        assertThat(load.console()).as("console lines")
                .filteredOn(e -> e.getLevel().intValue() >= Level.SEVERE.intValue())
                .extracting(LogEntry::getMessage)
                .isEmpty();
    }

    @Test
    void every_page_runs_under_its_content_security_policy_without_a_violation() throws Exception {
        for (String page : List.of("/", "/planner", "/screen?dwell=1")) {
            java.net.http.HttpResponse<String> r = server.get(page);
            assertThat(r.headers().firstValue("Content-Security-Policy").orElse(""))
                    .as(page).contains("script-src 'self' 'sha256-").doesNotContain("unsafe-eval")
                    .contains("frame-ancestors 'none'");
            assertThat(r.headers().firstValue("X-Content-Type-Options")).as(page).contains("nosniff");
            driver.manage().logs().get(LogType.BROWSER);
            Navigation.load(driver, server.url(page));
            new WebDriverWait(driver, READY_TIMEOUT).until(d -> !"false".equals(js("return document.body && document.body.dataset.ready")));
            Thread.sleep(3_000); // the screen's first scenes and the planner's sign-in form draw meanwhile
            assertThat(driver.manage().logs().get(LogType.BROWSER).getAll()).as("console of " + page)
                    .extracting(LogEntry::getMessage)
                    .noneMatch(m -> m.contains("Content Security Policy") || m.contains("Refused to"));
            assertThat(js("return document.body.dataset.ready")).as(page).isIn("true", "signin");
        }
        // the check can fail: an inline script the policy does not allow is reported in the console
        driver.manage().logs().get(LogType.BROWSER);
        js("const s = document.createElement('script'); s.textContent = 'window.inlineRan = true';"
                + " document.head.append(s);");
        Thread.sleep(300);
        assertThat(js("return window.inlineRan === true")).isEqualTo(false);
        assertThat(driver.manage().logs().get(LogType.BROWSER).getAll()).extracting(LogEntry::getMessage)
                .anyMatch(m -> m.contains("Content Security Policy"));
    }

    @Test
    void no_request_leaves_the_server() throws IOException {
        Load load = open();

        String origin = server.url("/");
        List<String> urls = new ArrayList<>();
        for (LogEntry entry : load.performance()) {
            JsonNode message = JSON.readTree(entry.getMessage()).path("message");
            String method = message.path("method").asText();
            if (method.equals("Network.requestWillBeSent")) {
                urls.add(message.path("params").path("request").path("url").asText());
            } else if (method.equals("Network.webSocketCreated")) {
                urls.add(message.path("params").path("url").asText());
            }
        }
        assertThat(urls).as("requests seen by the performance log").contains(origin, server.url("/api/catalog"));
        List<String> offenders = urls.stream()
                .filter(u -> !(u.startsWith(origin) || u.startsWith("data:") || u.startsWith("blob:")
                        || u.startsWith("about:")))
                .distinct().toList();
        assertThat(offenders).as("requests to anywhere but %s", origin).isEmpty();
    }

    @Test
    void the_page_shows_the_synthetic_data_notice() {
        open();

        String notice = server.catalog.notice().zh();
        WebElement note = driver.findElement(By.cssSelector("[role='note']"));
        assertThat(note.isDisplayed()).as("the notice is shown").isTrue();
        assertThat(note.getText()).contains(notice);
        assertThat(driver.findElement(By.tagName("body")).getText()).as("visible text of the page").contains(notice);
        assertThat(driver.findElement(By.cssSelector(".leaflet-control-attribution")).getText())
                .as("the map attribution").contains("合成");
    }

    @Test
    void the_english_button_switches_the_page_to_english() {
        open();
        assertThat(js("return document.documentElement.lang")).isEqualTo("zh-CN");
        assertThat(driver.getTitle()).isEqualTo(server.catalog.title().zh());

        driver.findElement(By.cssSelector("#lang-switch [data-lang='en']")).click();

        new WebDriverWait(driver, Duration.ofSeconds(5))
                .until(d -> "en".equals(js("return document.documentElement.lang")));
        String title = server.catalog.title().en();
        assertThat(driver.getTitle()).isEqualTo(title);
        assertThat(driver.findElement(By.tagName("h1")).getText()).isEqualTo(title);
        assertThat(driver.findElement(By.cssSelector("[role='note']")).getText())
                .contains(server.catalog.notice().en());
        assertThat(js("return window.APP.lang")).isEqualTo("en");
    }

    @Test
    void a_screenshot_of_the_map_is_saved() throws IOException {
        open();

        byte[] png = driver.getScreenshotAs(OutputType.BYTES);
        Files.createDirectories(SCREENSHOTS);
        Path file = SCREENSHOTS.resolve("map.png");
        Files.write(file, png);
        assertThat(file).exists();
        assertThat(png).as("a PNG image").startsWith(0x89, 'P', 'N', 'G');
        System.out.println("Screenshot: " + file.toAbsolutePath());
    }

    // ---- helpers

    /**
     * Loads the page in Chinese (the default: a language chosen earlier is forgotten), waits until
     * every default layer is drawn and returns what the page logged; console lines are echoed to stdout.
     */
    @Test
    void every_kpi_shown_equals_the_api() throws IOException {
        open();
        JsonNode api = JSON.readTree(server.get("/api/dashboard").body());
        int compared = 0;
        for (JsonNode kpi : api.get("kpis")) {
            if (kpi.get("value").isNull()) {
                continue;
            }
            String text = driver.findElement(By.cssSelector(
                    "button.xt-kpi[data-kpi-id='" + kpi.get("id").asText() + "'] [data-ref=number]")).getText();
            double shown = Double.parseDouble(text.replace(",", "").trim());
            assertThat(shown).as("KPI %s shows %s", kpi.get("id").asText(), text)
                    .isCloseTo(kpi.get("value").asDouble(), org.assertj.core.api.Assertions.within(0.051));
            compared++;
        }
        assertThat(compared).isGreaterThan(15);
    }

    @Test
    void a_kpi_click_highlights_its_features() {
        open();
        driver.findElement(By.cssSelector("button.xt-kpi[data-kpi-id='greenway_villages']")).click();
        new WebDriverWait(driver, Duration.ofSeconds(10)).until(d -> js("return window.APP.highlight") != null);
        assertThat(((Number) js("return window.APP.highlight.count")).intValue()).isEqualTo(24);
        assertThat(driver.findElement(By.cssSelector("button.xt-kpi[data-kpi-id='greenway_villages']"))
                .getAttribute("aria-pressed")).isEqualTo("true");
    }

    @Test
    void drilling_into_shuangshan_then_yanwan_shows_the_village_card() throws IOException {
        open();
        drill("500151123000");
        assertThat(driver.findElement(By.id("breadcrumb")).getText()).contains("铜梁区", "双山镇");
        drill("500151123201");
        assertThat(driver.findElement(By.id("breadcrumb")).getText()).contains("双山镇", "岩湾村");
        assertThat(driver.findElement(By.id("village-card")).getText()).contains("岩湾村");
        assertThat(driver.getCurrentUrl()).contains("village=500151123201");
        screenshot("cockpit-village.png");
    }

    @Test
    void the_theme_switch_changes_the_legend() {
        open();
        WebElement legend = driver.findElement(By.cssSelector(".xt-theme__legend"));
        String before = legend.getAttribute("data-theme") + legend.getText();
        new org.openqa.selenium.support.ui.Select(driver.findElement(By.cssSelector(".xt-theme select[name=theme]")))
                .selectByValue("income");
        new WebDriverWait(driver, Duration.ofSeconds(10)).until(d ->
                "income".equals(d.findElement(By.cssSelector(".xt-theme__legend")).getAttribute("data-theme")));
        String after = driver.findElement(By.cssSelector(".xt-theme__legend")).getText();
        assertThat(after).isNotEqualTo(before);
        assertThat(js("return window.APP.theme")).isEqualTo("income");
    }

    @Test
    void english_changes_the_kpi_labels_and_a_screenshot_of_the_cockpit_is_saved() throws IOException {
        open();
        screenshot("cockpit.png");
        driver.findElement(By.cssSelector("#lang-switch [data-lang='en']")).click();
        new WebDriverWait(driver, Duration.ofSeconds(10)).until(d ->
                d.findElement(By.id("kpi-groups")).getText().contains("Registered poor households"));
        screenshot("cockpit-en.png");
    }

    /** Clicks a town or village in the drill-down list and waits until the page shows it. */
    @Test
    void a_progress_update_shows_in_the_open_cockpit_without_a_reload() throws IOException {
        open();
        js("window.__sameDocument = 'yes'");
        long before = ((Number) js("return window.APP.liveUpdates")).longValue();
        server.addUser("live-planner", org.xiangtu.catalog.Role.PLANNER, "live-password-1");
        org.xiangtu.testing.ApiClient planner = server.client();
        assertThat(planner.signIn("live-planner", "live-password-1").statusCode()).isEqualTo(200);
        var project = planner.get("/api/projects/project-010");
        String etag = project.headers().firstValue("ETag").orElseThrow();
        var update = planner.send("PATCH", "/api/projects/project-010", "{\"status\": \"done\"}",
                Map.of("If-Match", etag));
        assertThat(update.statusCode()).as(update.body()).isEqualTo(200);
        new WebDriverWait(driver, Duration.ofSeconds(20)).until(d ->
                ((Number) js("return window.APP.liveUpdates")).longValue() > before
                        && "true".equals(js("return document.body.dataset.ready")));
        assertThat(js("return window.__sameDocument")).isEqualTo("yes");
        JsonNode api = JSON.readTree(server.get("/api/dashboard").body());
        for (JsonNode kpi : api.get("kpis")) {
            if (kpi.get("group").asText().equals("projects") && !kpi.get("value").isNull()) {
                String text = driver.findElement(By.cssSelector("button.xt-kpi[data-kpi-id='" + kpi.get("id").asText()
                        + "'] [data-ref=number]")).getText();
                assertThat(Double.parseDouble(text.replace(",", "").trim())).as(kpi.get("id").asText())
                        .isCloseTo(kpi.get("value").asDouble(), org.assertj.core.api.Assertions.within(0.051));
            }
        }
        assertThat(((Number) js("return window.APP.dashboard.charts.projectsByStatus.done")).longValue())
                .isEqualTo(api.at("/charts/projectsByStatus/done").asLong());
    }

    private static void drill(String code) {
        driver.findElement(By.cssSelector("#children button.xt-children__item[data-code='" + code + "']")).click();
        new WebDriverWait(driver, READY_TIMEOUT).until(d -> "true".equals(js("return document.body.dataset.ready"))
                && code.equals(js("return window.APP.dashboard && window.APP.dashboard.scope.code")));
    }

    private static void screenshot(String name) throws IOException {
        Files.createDirectories(SCREENSHOTS);
        Files.write(SCREENSHOTS.resolve(name), driver.getScreenshotAs(org.openqa.selenium.OutputType.BYTES));
    }

    private static Load open() {
        String origin = server.url("/");
        if (driver.getCurrentUrl().startsWith(origin)) {
            js("window.localStorage.clear()");
        }
        driver.manage().logs().get(LogType.BROWSER);
        driver.manage().logs().get(LogType.PERFORMANCE);

        Navigation.load(driver, origin);
        String ready;
        try {
            ready = new WebDriverWait(driver, READY_TIMEOUT).until(d -> {
                Object r = js("return document.body && document.body.dataset.ready");
                return "true".equals(r) || "error".equals(r) ? (String) r : null;
            });
        } catch (TimeoutException e) {
            ready = "timeout";
        }
        List<LogEntry> console = driver.manage().logs().get(LogType.BROWSER).getAll();
        List<LogEntry> performance = driver.manage().logs().get(LogType.PERFORMANCE).getAll();
        for (LogEntry entry : console) {
            System.out.println("[browser " + entry.getLevel() + "] " + entry.getMessage());
        }
        if ("error".equals(ready)) {
            fail("The page reports an error: " + js("return document.getElementById('error').innerText")
                    + " (window.APP.error: " + js("return window.APP && window.APP.error") + ")");
        } else if (!"true".equals(ready)) {
            fail("The page was not ready within " + READY_TIMEOUT.toSeconds() + " s; data-ready="
                    + js("return document.body && document.body.dataset.ready") + "; console: "
                    + console.stream().map(LogEntry::getMessage).toList());
        }
        return new Load(console, performance);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Map<String, Object>> appLayers() {
        Object layers = js("""
                const out = {};
                for (const [id, l] of Object.entries(window.APP.layers)) {
                  out[id] = { featureCount: l.featureCount, numberMatched: l.numberMatched, visible: l.visible };
                }
                return out;""");
        return new LinkedHashMap<>((Map<String, Map<String, Object>>) layers);
    }

    /** The collection's items as the server serves them, fetched by the test itself. */
    private static JsonNode items(String collection) throws IOException {
        var response = server.get("/ogc/collections/" + collection + "/items?limit=10000");
        assertThat(response.statusCode()).as("items of %s: %s", collection, response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private static Object js(String script) {
        return ((JavascriptExecutor) driver).executeScript(script);
    }
}
