package org.xiangtu.browser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.javalin.Javalin;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.logging.Level;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.xiangtu.App;
import org.xiangtu.catalog.FieldDef;
import org.xiangtu.catalog.LayerDef;
import org.xiangtu.catalog.Role;
import org.xiangtu.catalog.Visibility;
import org.xiangtu.config.AppConfig;
import org.xiangtu.config.ConfigLoader;
import org.xiangtu.testing.Browser;
import org.xiangtu.testing.Navigation;
import org.xiangtu.testing.ApiClient;
import org.xiangtu.testing.TcpProxy;
import org.xiangtu.testing.TestServer;

/**
 * The public display screen ({@code /screen}) in Debian's headless Chromium against the real server
 * on the GeoPackage store: the tour, live updates from {@code /events}, the offline badge through a
 * network cut and a real server restart on the same port, screenshots at 1920×1080 and 3840×2160,
 * and that the screen receives public fields only and asks nothing of any other host. Short dwell
 * times come from the URL ({@code ?dwell=}), so the whole class runs in about a minute.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ScreenBrowserIT {
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);
    private static final Path SCREENSHOTS = Path.of("target", "screenshots");
    private static final JsonMapper JSON = new JsonMapper();
    private static final String PLANNER = "screen-planner";
    private static final String PASSWORD = "screen-planner-pw-1";

    private static TestServer server;
    private static Javalin restarted; // the app started again on the same port, if the restart test ran
    private static Browser browser;
    private static ChromeDriver driver;

    @BeforeAll
    static void startServerAndBrowser() throws IOException {
        server = TestServer.start();
        server.addUser(PLANNER, Role.PLANNER, PASSWORD);
        browser = Browser.start(1920, 1080);
        driver = browser.driver;
        viewport(1920, 1080);
    }

    @AfterAll
    static void stopBrowserAndServer() throws IOException {
        try {
            if (browser != null) {
                browser.close();
            }
        } finally {
            if (restarted != null) {
                restarted.stop();
            }
            if (server != null) {
                server.close();
            }
        }
    }

    @Test
    @Order(1)
    void the_tour_advances_through_the_scenes_with_the_api_figures() throws IOException {
        List<LogEntry> console = open(server.url("/screen?dwell=3&scenes=overview,water,500151123000"));

        assertThat(js("return window.SCREEN.scenes")).isEqualTo(List.of("overview", "water", "town:500151123000"));
        JsonNode district = JSON.readTree(server.get("/api/dashboard").body());
        assertTilesEqual("overview", district);
        assertThat(js("return document.getElementById('scene-title').textContent")).isEqualTo("全区概览");

        waitFor(Duration.ofSeconds(15), "the water scene with its title and theme legend",
                () -> "water".equals(js("return window.SCREEN.scene"))
                        && "饮水安全".equals(js("return document.getElementById('scene-title').textContent"))
                        && Boolean.FALSE.equals(js("return document.getElementById('legend').hidden")));
        waitFor(Duration.ofSeconds(15), "the Shuangshan town scene",
                () -> "town:500151123000".equals(js("return window.SCREEN.scene"))
                        && "双山镇".equals(js("return document.getElementById('scene-title').textContent")));
        assertTilesEqual("town:500151123000", JSON.readTree(server.get("/api/dashboard/towns/500151123000").body()));
        waitFor(Duration.ofSeconds(15), "back to the overview", () -> "overview".equals(js("return window.SCREEN.scene")));
        assertThat(((Number) js("return window.SCREEN.cacheSize")).intValue()).as("one cached dashboard a scene")
                .isLessThanOrEqualTo(2);

        assertThat(console).filteredOn(e -> e.getLevel().intValue() >= Level.SEVERE.intValue())
                .extracting(LogEntry::getMessage).isEmpty();
        assertThat(driver.findElement(By.cssSelector("[role='note']")).getText())
                .contains(server.catalog.notice().zh());
    }

    @Test
    @Order(2)
    void space_pauses_and_arrows_step() {
        open(server.url("/screen?dwell=1&scenes=overview,poverty,water"));
        driver.findElement(By.tagName("body")).sendKeys(" ");
        waitFor(Duration.ofSeconds(5), "paused", () -> Boolean.TRUE.equals(js("return window.SCREEN.paused")));
        String held = (String) js("return window.SCREEN.scene");
        sleep(2500);
        assertThat(js("return window.SCREEN.scene")).as("no scene change while paused").isEqualTo(held);
        assertThat(driver.findElement(By.id("paused")).isDisplayed()).isTrue();
        int index = ((Number) js("return window.SCREEN.index")).intValue();
        driver.findElement(By.tagName("body")).sendKeys(org.openqa.selenium.Keys.ARROW_RIGHT);
        int next = (index + 1) % 3;
        waitFor(Duration.ofSeconds(5), "one step forward",
                () -> ((Number) js("return window.SCREEN.index")).intValue() == next
                        && js("return window.SCREEN.scene").equals(List.of("overview", "poverty", "water").get(next)));
        driver.findElement(By.tagName("body")).sendKeys(org.openqa.selenium.Keys.ARROW_LEFT);
        waitFor(Duration.ofSeconds(5), "one step back",
                () -> ((Number) js("return window.SCREEN.index")).intValue() == index);
        driver.findElement(By.tagName("body")).sendKeys(" ");
        waitFor(Duration.ofSeconds(5), "resumed", () -> Boolean.FALSE.equals(js("return window.SCREEN.paused")));
    }

    @Test
    @Order(3)
    void a_progress_update_made_through_the_api_appears_within_five_seconds() throws Exception {
        open(server.url("/screen?scenes=projects&paused=1"));
        JsonNode project = biggestUnfinishedProject();
        String id = project.get("id").asText();
        int refreshes = ((Number) js("return window.SCREEN.refreshes")).intValue();

        ApiClient planner = server.client();
        assertThat(planner.signIn(PLANNER, PASSWORD).statusCode()).isEqualTo(200);
        HttpResponse<String> got = planner.get("/api/projects/" + id);
        String etag = got.headers().firstValue("ETag").orElseThrow();
        long sent = System.nanoTime();
        HttpResponse<String> patched = planner.send("PATCH", "/api/projects/" + id,
                "{\"progress_pct\": 100, \"status\": \"done\", \"note\": \"screen test: internal note\"}",
                Map.of("If-Match", etag));
        assertThat(patched.statusCode()).as(patched.body()).isEqualTo(200);

        JsonNode after = JSON.readTree(server.get("/api/dashboard").body());
        double now = kpi(after, "projects_progress");
        String name = project.at("/properties/name").asText();
        waitFor(Duration.ofSeconds(5), "the feed shows the update and the tiles are fetched again",
                () -> driver.findElement(By.id("feed")).getText().contains(name)
                        && ((Number) js("return window.SCREEN.refreshes")).intValue() > refreshes
                        && tileValue("projects_progress") == now);
        assertTilesEqual("projects", after);
        System.out.printf("Update on screen after %d ms%n", (System.nanoTime() - sent) / 1_000_000);
        assertThat(driver.findElement(By.id("feed")).getText()).contains(name, "100%");
        assertThat(driver.findElement(By.id("feed")).getText()).doesNotContain("internal note");
    }

    @Test
    @Order(4)
    void the_screen_receives_public_fields_only_and_asks_no_other_host() throws IOException {
        driver.manage().logs().get(LogType.PERFORMANCE);
        open(server.url("/screen?dwell=1&scenes=overview,poverty,water,projects,500151123000"));
        waitFor(Duration.ofSeconds(20), "a full tour",
                () -> ((Number) js("return window.SCREEN.scenesShown")).intValue() >= 5);
        // a change while the page watches: the screen then asks for the project (public view)
        ApiClient planner = server.client();
        assertThat(planner.signIn(PLANNER, PASSWORD).statusCode()).isEqualTo(200);
        String etag = planner.get("/api/projects/project-002").headers().firstValue("ETag").orElseThrow();
        assertThat(planner.send("PATCH", "/api/projects/project-002",
                "{\"status\": \"under_way\", \"progress_pct\": 42, \"note\": \"not for the public\"}", Map.of("If-Match", etag)).statusCode())
                .isEqualTo(200);
        waitFor(Duration.ofSeconds(10), "the project in the feed",
                () -> driver.findElement(By.id("feed")).getText().contains("42%"));

        Set<String> hidden = nonPublicFields();
        String origin = server.url("/");
        List<String> urls = new ArrayList<>();
        int checked = 0;
        for (LogEntry entry : driver.manage().logs().get(LogType.PERFORMANCE).getAll()) {
            JsonNode message = JSON.readTree(entry.getMessage()).path("message");
            String method = message.path("method").asText();
            JsonNode params = message.path("params");
            if (method.equals("Network.requestWillBeSent")) {
                urls.add(params.path("request").path("url").asText());
            } else if (method.equals("Network.webSocketCreated")) {
                urls.add(params.path("url").asText());
            } else if (method.equals("Network.loadingFinished")) {
                String body = responseBody(params.path("requestId").asText());
                if (body != null && (body.startsWith("{") || body.startsWith("["))) {
                    List<String> leaks = new ArrayList<>();
                    findLeaks(JSON.readTree(body), "", hidden, leaks);
                    assertThat(leaks).as("non-public fields in a response to the screen").isEmpty();
                    checked++;
                }
            }
        }
        assertThat(urls).contains(server.url("/screen/scenes.json"), server.url("/api/projects/project-002"))
                .anyMatch(u -> u.startsWith(server.url("/ogc/collections/villages/items")))
                .anyMatch(u -> u.startsWith(server.url("/api/dashboard/towns/500151123000")));
        assertThat(checked).as("JSON responses checked").isGreaterThan(8);
        List<String> offenders = urls.stream().filter(u -> !(u.startsWith(origin) || u.startsWith("data:")
                || u.startsWith("blob:") || u.startsWith("about:"))).distinct().toList();
        assertThat(offenders).as("requests to anywhere but %s", origin).isEmpty();
        List<String> notPublic = urls.stream().filter(u -> u.startsWith(origin))
                .map(u -> u.substring(origin.length() - 1).replaceAll("\\?.*", ""))
                .filter(path -> server.routes().all().stream()
                        .anyMatch(r -> r.method() == io.javalin.http.HandlerType.GET
                                && path.matches(r.path().replaceAll("\\{[^}]+}", "[^/]+")) && r.role() != Role.PUBLIC))
                .distinct().toList();
        assertThat(notPublic).as("routes the screen called that are not public").isEmpty();
    }

    @Test
    @Order(5)
    void the_offline_badge_shows_through_a_network_cut_and_clears_when_it_mends() throws IOException {
        try (TcpProxy proxy = new TcpProxy("127.0.0.1", server.app.port())) {
            String base = "http://127.0.0.1:" + proxy.port();
            open(base + "/screen?dwell=2&scenes=overview,water");
            assertThat(driver.findElement(By.id("offline")).isDisplayed()).isFalse();
            String tiles = driver.findElement(By.id("kpis")).getText();

            proxy.cut();
            waitFor(Duration.ofSeconds(10), "the offline badge",
                    () -> driver.findElement(By.id("offline")).isDisplayed());
            assertThat(driver.findElement(By.id("offline")).getText()).matches("离线 · 自 \\d\\d:\\d\\d");
            assertThat(js("return document.body.dataset.online")).isEqualTo("false");
            sleep(3000);
            assertThat(driver.findElement(By.id("kpis")).getText()).as("the last figures stay").isNotBlank();
            assertThat(tiles).isNotBlank();

            proxy.restore();
            waitFor(Duration.ofSeconds(30), "the badge clears", () -> !driver.findElement(By.id("offline")).isDisplayed());
            waitFor(Duration.ofSeconds(15), "the tour goes on",
                    () -> ((Number) js("return window.SCREEN.scenesShown")).intValue() >= 3);
        }
    }

    @Test
    @Order(6)
    void a_stream_that_goes_silent_without_closing_shows_offline_and_recovers() throws IOException {
        // a server with a 1 s heartbeat on the same store, behind a proxy that stops delivering bytes
        // while keeping the connection open (what a stuck proxy or a half-open TCP connection does)
        AppConfig config = ConfigLoader.load(null, Map.of(), Map.of("server.host", "127.0.0.1", "server.port", "0",
                "server.eventsHeartbeatSeconds", "1"));
        Javalin quick = App.create(config, App.routes(config, server.catalog, server.store)).start();
        try (TcpProxy proxy = new TcpProxy("127.0.0.1", quick.port())) {
            open("http://127.0.0.1:" + proxy.port() + "/screen?paused=1&scenes=overview");
            waitFor(Duration.ofSeconds(10), "the event stream", () -> js("return window.SCREEN.started") != null);
            sleep(2500);
            assertThat(driver.findElement(By.id("offline")).isDisplayed()).as("heartbeats keep it online").isFalse();
            assertThat(((Number) js("return window.SCREEN.stalls")).intValue()).isZero();

            proxy.stall();
            waitFor(Duration.ofSeconds(10), "the offline badge for a silent stream",
                    () -> driver.findElement(By.id("offline")).isDisplayed());
            assertThat(((Number) js("return window.SCREEN.stalls")).intValue()).isPositive();

            proxy.restore();
            waitFor(Duration.ofSeconds(30), "the badge clears", () -> !driver.findElement(By.id("offline")).isDisplayed());
        } finally {
            quick.stop();
        }
    }

    /**
     * The whole default tour, stepped through with the arrow key, at 1920×1080 and 3840×2160 in Chinese and
     * English: on every scene no visible text under 24 px at 1080p (48 px at 4K), DOM or chart canvas; no
     * text wider than its box or outside its panel; the scene title clear of the brand and the clock.
     * The tour: themes first, the towns as a ranked comparison (a few scenes, not one a town), no two
     * scenes alike, each chart the scene's own; the same class breaks on every town scene; lines and
     * markers twice as thick at 4K; the feed shows the recent history at once.
     */
    @Test
    @Order(7)
    void every_scene_is_legible_from_across_the_hall_in_both_languages_at_1080p_and_4k() throws IOException {
        JsonNode district = JSON.readTree(server.get("/api/dashboard").body());
        int towns = 0;
        for (JsonNode child : district.get("children")) {
            towns += "town".equals(child.path("level").asText()) ? 1 : 0;
        }
        Map<Integer, double[]> strokes = new java.util.HashMap<>();
        for (int[] size : new int[][] {{1920, 1080}, {3840, 2160}}) {
            double k = size[0] / 1920.0;
            viewport(size[0], size[1]);
            for (String lang : List.of("zh", "en")) {
                open(server.url("/screen?dwell=3600&lang=" + lang)); // the arrow key steps; nothing moves on by itself
                @SuppressWarnings("unchecked")
                List<String> keys = (List<String>) js("return window.SCREEN.scenes");
                List<String> comparison = keys.stream().filter(key -> key.startsWith("towns:")).toList();
                assertThat(keys).as("themes first, then the towns").startsWith("overview", "poverty", "water", "industry",
                        "greenway", "roads", "projects", "watch");
                assertThat(comparison).as("the towns compared, seven a scene").hasSize((towns + 6) / 7)
                        .first().isEqualTo("towns:1-7");
                assertThat(keys).hasSize(8 + comparison.size()).noneMatch(key -> key.startsWith("town:"));
                waitFor(Duration.ofSeconds(10), "the recent changes from the history in the feed",
                        () -> js("return document.querySelector('#feed .xs-feed__item--empty')") == null
                                && ((Number) js("return document.querySelectorAll('#feed li').length")).intValue() >= 2);

                Set<String> signatures = new HashSet<>();
                Set<String> comparisonBreaks = new HashSet<>();
                Map<String, Object> breaksOf = new java.util.HashMap<>();
                for (int i = 0; i < keys.size(); i++) {
                    String key = keys.get(i);
                    waitFor(Duration.ofSeconds(10), "scene " + key,
                            () -> key.equals(js("return window.SCREEN.scene"))
                                    && !((Boolean) js("return document.body.classList.contains('is-leaving')")));
                    sleep(900); // the chart's animation and the map's flight
                    waitFor(Duration.ofSeconds(5), "the town names after the flight on " + key,
                            () -> Boolean.TRUE.equals(js("return !document.querySelector('.xs-townlabels').hidden")));
                    Map<?, ?> m = (Map<?, ?>) js(MEASURE);
                    if (key.startsWith("towns:") || List.of("water", "greenway", "roads", "overview").contains(key)) {
                        shoot("screen-tour-" + lang + "-" + size[0] + "x" + size[1] + "-" + key.replace(':', '-') + ".png", size);
                    }
                    String where = size[0] + "×" + size[1] + " " + lang + " " + key;
                    System.out.printf("%s: min DOM font %.1f (%s), min chart font %.1f%n", where,
                            ((Number) m.get("minFont")).doubleValue(), m.get("minAt"), ((Number) m.get("minChart")).doubleValue());
                    assertThat(((Number) m.get("minFont")).doubleValue()).as("smallest text on %s (%s)", where, m.get("minAt"))
                            .isGreaterThanOrEqualTo(24 * k - 0.01);
                    if (!"townTable".equals(m.get("chart"))) { // the comparison is a DOM table, measured above
                        assertThat(((Number) m.get("minChart")).doubleValue()).as("smallest chart text on %s", where)
                                .isGreaterThanOrEqualTo(24 * k - 0.01).isLessThan(1000);
                    }
                    assertThat(((Number) m.get("labels")).intValue()).as("town names on the map on %s", where)
                            .isGreaterThanOrEqualTo(key.startsWith("towns:") || key.equals("overview") ? 10 : 1);
                    assertThat((List<?>) m.get("labelOverlaps")).as("town names overlapping on %s", where).isEmpty();
                    assertThat((List<?>) m.get("focusUnnamed")).as("highlighted towns without a name on %s", where)
                            .isEmpty();
                    assertThat((List<?>) m.get("overflow")).as("text wider than its box or outside its panel on %s", where)
                            .isEmpty();
                    assertThat((List<?>) m.get("chartCut")).as("chart text cut at the chart's edge on %s", where).isEmpty();
                    assertThat(m.get("titleClear")).as("scene title clear of the brand and the clock on %s", where)
                            .isEqualTo(Boolean.TRUE);
                    assertThat(signatures.add((String) m.get("signature"))).as("a scene like another: %s", where).isTrue();
                    breaksOf.put(key, m.get("breaks"));
                    if (key.startsWith("towns:")) {
                        assertComparisonEqualsApi(key, district, lang, where);
                        assertThat((String) m.get("breaks")).as("legend breaks on %s", where).isNotBlank();
                        comparisonBreaks.add((String) m.get("breaks"));
                    }
                    if (m.get("breaks") != null) {
                        assertThat(((Number) m.get("legendRows")).intValue()).as("legend classes with values on %s", where)
                                .isGreaterThanOrEqualTo(3);
                    }
                    if (key.equals("greenway")) {
                        assertThat(m.get("chart")).isEqualTo("greenwayReach");
                        assertThat((String) m.get("chartTitle")).contains(lang.equals("zh") ? "绿道" : "greenway");
                    } else if (key.equals("watch")) {
                        assertThat(m.get("chart")).isEqualTo("watchEntered");
                        assertWatchTilesEqualApi(district.get("asOf").asText(), lang);
                        shoot("screen-tour-" + lang + "-" + size[0] + "x" + size[1] + "-watch.png", size);
                    } else if (key.equals("roads")) {
                        assertThat(m.get("chart")).isEqualTo("roadsHardened");
                        assertThat((String) m.get("chartTitle")).contains(lang.equals("zh") ? "公路" : "roads");
                    }
                    if (key.equals("towns:1-7")) {
                        strokes.computeIfAbsent(size[0], s -> new double[2])[0] = ((Number) m.get("townStroke")).doubleValue();
                    } else if (key.equals("projects")) {
                        strokes.computeIfAbsent(size[0], s -> new double[2])[1] = ((Number) m.get("markerRadius")).doubleValue();
                    }
                    driver.findElement(By.tagName("body")).sendKeys(org.openqa.selenium.Keys.ARROW_RIGHT);
                }
                assertThat(comparisonBreaks).as("one set of class breaks on every town-comparison scene").hasSize(1);
                if (lang.equals("zh") && size[0] == 1920) {
                    // a single town's scene (by its code, themed by project progress) colours with the breaks
                    // of the tour's project-progress scene
                    assertThat(breaksOf.get("projects")).isNotNull();
                    open(server.url("/screen?paused=1&scenes=500151123000"));
                    sleep(600);
                    assertThat(js("return document.getElementById('legend').dataset.breaks")).isEqualTo(breaksOf.get("projects"));
                }
            }
        }
        double[] hd = strokes.get(1920);
        double[] uhd = strokes.get(3840);
        assertThat(uhd[0]).as("town outline at 4K").isCloseTo(2 * hd[0], within(0.05 * hd[0]));
        assertThat(uhd[1]).as("marker radius at 4K").isCloseTo(2 * hd[1], within(0.05 * hd[1]));
        viewport(1920, 1080);
    }

    /**
     * Measures the screen as shown: every visible element with text of its own (its computed font size,
     * scrollWidth against clientWidth, its box against its panel), the chart's drawn texts (font size,
     * inside the canvas), whether the scene title's text touches the brand or the clock, a signature of
     * what the scene shows, the legend's breaks, a town outline's stroke and a marker's radius.
     */
    private static final String MEASURE = """
            const stage = document.getElementById('stage');
            const panels = '.xs-head__brand, .xs-head__scene, .xs-head__right, .xs-kpi, .xs-legend, .xs-flags, .xs-chart, .xs-feed, .xs-foot, .xs-mapbox';
            let minFont = 1e9, minAt = '';
            const overflow = [];
            for (const el of stage.querySelectorAll('*')) {
              if (!el.checkVisibility({ opacityProperty: false, visibilityProperty: true })) continue;
              const own = [...el.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim());
              if (!own) continue;
              const r = el.getBoundingClientRect();
              if (r.width === 0 || r.height === 0) continue;
              const cs = getComputedStyle(el);
              const size = parseFloat(cs.fontSize);
              const name = el.id || el.className || el.tagName;
              if (size < minFont) { minFont = size; minAt = name; }
              if (cs.display !== 'inline' && el.scrollWidth > el.clientWidth + 1) overflow.push(name + ' scrollWidth ' + el.scrollWidth + ' > ' + el.clientWidth);
              const panel = el.closest(panels);
              if (panel && panel !== el) {
                const p = panel.getBoundingClientRect();
                if (r.left < p.left - 1 || r.right > p.right + 1 || r.top < p.top - 1 || r.bottom > p.bottom + 1) overflow.push(name + ' outside ' + panel.className);
              }
            }
            for (const td of stage.querySelectorAll('#town-table:not([hidden]) td')) {
              if (td.scrollWidth > td.clientWidth + 1) overflow.push('table cell ' + td.textContent + ' scrollWidth ' + td.scrollWidth + ' > ' + td.clientWidth);
            }
            const inst = window.echarts.getInstanceByDom(document.getElementById('chart'));
            const zr = inst.getZr();
            let minChart = 1e9;
            const chartCut = [];
            zr.storage.getDisplayList(true).forEach((el) => {
              if (!el.style || typeof el.style.text !== 'string' || !el.style.text.trim() || el.invisible || el.style.opacity === 0) return;
              const px = el.style.fontSize ? parseFloat(el.style.fontSize) : Number((/([\\d.]+)px/.exec(el.style.font || '') || [0, 12])[1]);
              minChart = Math.min(minChart, px);
              const b = el.getBoundingRect().clone();
              if (el.transform) b.applyTransform(el.transform);
              if (b.x < -1 || b.y < -1 || b.x + b.width > zr.getWidth() + 1 || b.y + b.height > zr.getHeight() + 1) chartCut.push(el.style.text);
            });
            const scene = document.getElementById('scene-title');
            const range = document.createRange();
            range.selectNodeContents(scene);
            const t = range.getBoundingClientRect();
            const apart = (a, b) => a.right <= b.left || b.right <= a.left || a.bottom <= b.top || b.bottom <= a.top;
            const titleClear = t.width > 0 && apart(t, document.querySelector('.xs-head__brand').getBoundingClientRect())
              && apart(t, document.querySelector('.xs-head__right').getBoundingClientRect());
            const legend = document.getElementById('legend');
            const chart = document.getElementById('chart').dataset.chart;
            const chartTitle = document.getElementById('chart-title').textContent;
            const tiles = [...document.querySelectorAll('.xs-kpi:not([hidden])')].map((k) => k.dataset.kpiId).join(',');
            const layers = Object.keys(window.SCREEN.layers).sort().join(',');
            const town = document.querySelector('.leaflet-screen-towns-pane path');
            const labelBoxes = [...document.querySelectorAll('.xs-townlabel')].map((el) => ({ code: el.dataset.code,
              text: el.textContent, r: el.getBoundingClientRect() }));
            const labelOverlaps = [];
            labelBoxes.forEach((a, i) => labelBoxes.slice(i + 1).forEach((b) => {
              if (!apart(a.r, b.r)) labelOverlaps.push(a.text + ' / ' + b.text);
            }));
            const named = new Set(labelBoxes.map((l) => l.code));
            const focus = [...document.querySelectorAll('#town-table:not([hidden]) tbody tr')].map((tr) => tr.dataset.code);
            const focusUnnamed = focus.filter((code) => !named.has(code));
            const marker = [...document.querySelectorAll('.leaflet-screen-projects-pane path')].find((p) => /a[\\d.]+,/.test(p.getAttribute('d') || ''));
            const radius = marker ? Number((/a([\\d.]+),/.exec(marker.getAttribute('d')) || [0, 0])[1]) : 0;
            return { minFont, minAt, overflow, minChart, chartCut, titleClear,
              signature: chartTitle + '|' + chart + '|' + tiles + '|' + layers + '|' + (legend.hidden ? '' : legend.dataset.breaks),
              breaks: legend.hidden ? null : legend.dataset.breaks,
              legendRows: [...legend.querySelectorAll('.xs-legend__class')].filter((li) => /\\d/.test(li.textContent)).length,
              chart, chartTitle, labels: labelBoxes.length, labelOverlaps, focusUnnamed,
              townStroke: town ? parseFloat(town.getAttribute('stroke-width')) : 0, markerRadius: radius };
            """;

    private static void shoot(String name, int[] size) throws IOException {
        byte[] png = driver.getScreenshotAs(OutputType.BYTES);
        Files.createDirectories(SCREENSHOTS);
        Files.write(SCREENSHOTS.resolve(name), png);
        assertThat(pngSize(png)).containsExactly(size[0], size[1]);
    }

    @Test
    @Order(8)
    void screenshots_at_full_hd_and_4k_fill_the_screen() throws IOException {
        for (int[] size : new int[][] {{1920, 1080}, {3840, 2160}}) {
            viewport(size[0], size[1]);
            open(server.url("/screen?paused=1&scenes=water"));
            sleep(1500); // the map's fly-in and the chart's animation
            Map<?, ?> stage = (Map<?, ?>) js("const r = document.getElementById('stage').getBoundingClientRect();"
                    + "return {w: r.width, h: r.height, font: parseFloat(getComputedStyle("
                    + "document.querySelector('.xs-kpi__number')).fontSize)};");
            assertThat(((Number) stage.get("w")).doubleValue()).isCloseTo(size[0], within(1.0));
            assertThat(((Number) stage.get("h")).doubleValue()).isCloseTo(size[1], within(1.0));
            assertThat(((Number) stage.get("font")).doubleValue()).as("KPI figures scale with the screen")
                    .isCloseTo(64.0 * size[0] / 1920, within(1.0));
            byte[] png = driver.getScreenshotAs(OutputType.BYTES);
            Files.createDirectories(SCREENSHOTS);
            Path file = SCREENSHOTS.resolve("screen-" + size[0] + "x" + size[1] + ".png");
            Files.write(file, png);
            assertThat(pngSize(png)).containsExactly(size[0], size[1]);
        }
        viewport(1920, 1200); // 16:10: letterboxed, still 16:9 inside
        open(server.url("/screen?paused=1&scenes=overview"));
        Map<?, ?> stage = (Map<?, ?>) js("const r = document.getElementById('stage').getBoundingClientRect();"
                + "return {w: r.width, h: r.height, top: r.top};");
        assertThat(((Number) stage.get("h")).doubleValue()).isCloseTo(1080, within(1.0));
        assertThat(((Number) stage.get("top")).doubleValue()).isCloseTo(60, within(1.0));
        viewport(1920, 1080);
    }

    @Test
    @Order(9)
    void the_offline_badge_shows_while_the_server_is_down_and_clears_after_a_restart_on_the_same_port() {
        open(server.url("/screen?paused=1&scenes=projects"));
        waitFor(Duration.ofSeconds(10), "the event stream", () -> js("return window.SCREEN.started") != null);
        Object started = js("return window.SCREEN.started");
        int port = server.app.port();
        server.app.stop();
        waitFor(Duration.ofSeconds(10), "the offline badge", () -> driver.findElement(By.id("offline")).isDisplayed());
        int refreshes = ((Number) js("return window.SCREEN.refreshes")).intValue();
        sleep(2000);

        AppConfig config = ConfigLoader.load(null, Map.of(),
                Map.of("server.host", "127.0.0.1", "server.port", String.valueOf(port)));
        restarted = App.create(config, App.routes(config, server.catalog, server.store)).start();
        waitFor(Duration.ofSeconds(30), "the badge clears", () -> !driver.findElement(By.id("offline")).isDisplayed());
        waitFor(Duration.ofSeconds(10), "the figures reloaded from the new server run",
                () -> ((Number) js("return window.SCREEN.refreshes")).intValue() > refreshes);
        assertThat(js("return window.SCREEN.started")).as("a new server run").isNotEqualTo(started);
        assertThat(js("return window.SCREEN.offlineSince")).isNull();
    }

    // ---- helpers

    private static List<LogEntry> open(String url) {
        driver.manage().logs().get(LogType.BROWSER);
        Navigation.load(driver, url);
        waitFor(READY_TIMEOUT, "the screen ready", () -> {
            Object r = js("return document.body && document.body.dataset.ready");
            if ("error".equals(r)) {
                throw new AssertionError("the screen reports an error");
            }
            return "true".equals(r);
        });
        List<LogEntry> console = driver.manage().logs().get(LogType.BROWSER).getAll();
        console.forEach(e -> System.out.println("[browser " + e.getLevel() + "] " + e.getMessage()));
        return console;
    }

    private static void viewport(int width, int height) {
        driver.executeCdpCommand("Emulation.setDeviceMetricsOverride",
                Map.of("width", width, "height", height, "deviceScaleFactor", 1, "mobile", false));
    }

    /**
     * The comparison table on screen: more than one metric, each town's value equal to the district's
     * /api/dashboard figure (withheld ones "—" with no rank), each rank the town's place among the towns with a
     * value (the highest first, ties by code), the rows in the order of the first metric's ranks.
     */
    @SuppressWarnings("unchecked")
    private static void assertComparisonEqualsApi(String key, JsonNode district, String lang, String where) {
        List<Map<String, Object>> rows = (List<Map<String, Object>>) js("""
                return [...document.querySelectorAll('#town-table tbody tr')].map((tr) => ({ code: tr.dataset.code,
                  name: tr.querySelector('th').textContent,
                  cells: [...tr.querySelectorAll('td')].map((td) => ({ metric: td.dataset.metric, value: td.dataset.value,
                    rank: td.dataset.rank, text: td.querySelector('.xs-table__value').textContent })) }));""");
        String[] range = key.substring("towns:".length()).split("-");
        int from = Integer.parseInt(range[0]);
        assertThat(rows).as("rows on %s", where).hasSize(Integer.parseInt(range[1]) - from + 1);
        Map<String, JsonNode> towns = new java.util.HashMap<>();
        for (JsonNode child : district.get("children")) {
            if ("town".equals(child.path("level").asText())) {
                towns.put(child.get("code").asText(), child);
            }
        }
        for (int i = 0; i < rows.size(); i++) {
            Map<String, Object> row = rows.get(i);
            JsonNode town = towns.get((String) row.get("code"));
            assertThat(town).as("a town of the dashboard on %s", where).isNotNull();
            if (lang.equals("zh")) {
                assertThat(row.get("name")).isEqualTo(town.get("name").asText());
            }
            List<Map<String, Object>> cells = (List<Map<String, Object>>) row.get("cells");
            assertThat(cells).as("metrics compared on %s", where).hasSizeGreaterThan(1);
            for (int j = 0; j < cells.size(); j++) {
                Map<String, Object> cell = cells.get(j);
                String metric = (String) cell.get("metric");
                JsonNode api = town.path("metrics").path(metric);
                String what = where + " " + town.get("name").asText() + " " + metric;
                if (api.isNull() || api.isMissingNode()) {
                    assertThat(cell.get("value")).as(what).isEqualTo("");
                    assertThat(cell.get("rank")).as(what).isEqualTo("");
                    assertThat(cell.get("text")).as(what).isEqualTo("—");
                    continue;
                }
                assertThat(Double.parseDouble((String) cell.get("value"))).as(what).isEqualTo(api.asDouble());
                long better = towns.values().stream().map(t -> t.path("metrics").path(metric))
                        .filter(v -> v.isNumber() && v.asDouble() > api.asDouble()).count();
                long tiedBefore = towns.values().stream().filter(t -> t.path("metrics").path(metric).isNumber()
                        && t.path("metrics").path(metric).asDouble() == api.asDouble()
                        && t.get("code").asText().compareTo(town.get("code").asText()) < 0).count();
                assertThat(Integer.parseInt((String) cell.get("rank"))).as("rank of " + what)
                        .isEqualTo((int) (better + tiedBefore + 1));
                if (j == 0) {
                    assertThat(Integer.parseInt((String) cell.get("rank"))).as("row order on %s", where).isEqualTo(from + i);
                }
            }
        }
    }

    /**
     * The watch scene's tiles equal the public /api/watch/summary's counts of households on the dashboard's date;
     * a withheld count shows "—" and says it is withheld (the small-group rule), a published one is 5 or more.
     */
    private static void assertWatchTilesEqualApi(String asOf, String lang) throws IOException {
        JsonNode totals = JSON.readTree(server.get("/api/watch/summary?asOf=" + asOf).body()).get("totals");
        List<?> tiles = (List<?>) js("return window.SCREEN.kpis()");
        assertThat(tiles).hasSize(2);
        for (Object o : tiles) {
            Map<?, ?> tile = (Map<?, ?>) o;
            JsonNode figure = totals.get(((String) tile.get("id")).substring("watch_".length()));
            if (figure.get("suppressed").asBoolean()) {
                assertThat(tile.get("value")).isEqualTo("");
                assertThat(tile.get("number")).isEqualTo("—");
                assertThat((String) tile.get("unit")).isEqualTo(lang.equals("zh") ? "不足5户，不公布" : "withheld (<5)");
            } else {
                assertThat(Long.parseLong((String) tile.get("value"))).isEqualTo(figure.get("value").asLong())
                        .isGreaterThanOrEqualTo(5);
                assertThat(((String) tile.get("number")).replace(",", "")).isEqualTo(figure.get("value").asText());
            }
        }
    }

    /** The tiles of `scene`, read in one go while it is on screen, equal the API's figures. */
    private static void assertTilesEqual(String scene, JsonNode dashboard) {
        Map<?, ?> shot = (Map<?, ?>) js("return {scene: window.SCREEN.scene, kpis: window.SCREEN.kpis()}");
        assertThat(shot.get("scene")).isEqualTo(scene);
        List<?> tiles = (List<?>) shot.get("kpis");
        assertThat(tiles).isNotEmpty();
        for (Object o : tiles) {
            Map<?, ?> tile = (Map<?, ?>) o;
            double api = kpi(dashboard, (String) tile.get("id"));
            assertThat(Double.parseDouble((String) tile.get("value"))).as("tile %s", tile.get("id")).isEqualTo(api);
            double shown = Double.parseDouble(((String) tile.get("number")).replace(",", ""));
            assertThat(shown).as("tile %s shows", tile.get("id")).isCloseTo(api, within(0.051));
        }
    }

    private static double tileValue(String id) {
        Object v = js("const t = document.querySelector(\".xs-kpi[data-kpi-id='" + id + "']\");"
                + "return t && !t.hidden ? t.dataset.value : null;");
        return v == null || ((String) v).isEmpty() ? Double.NaN : Double.parseDouble((String) v);
    }

    private static double kpi(JsonNode dashboard, String id) {
        for (JsonNode k : dashboard.get("kpis")) {
            if (k.get("id").asText().equals(id)) {
                return k.get("value").asDouble();
            }
        }
        throw new AssertionError("no KPI " + id);
    }

    private static JsonNode biggestUnfinishedProject() throws IOException {
        JsonNode items = JSON.readTree(server.get("/ogc/collections/projects/items?limit=10000").body());
        JsonNode best = null;
        for (JsonNode f : items.get("features")) {
            JsonNode p = f.get("properties");
            if (!"done".equals(p.path("status").asText()) && p.path("progress_pct").asDouble() < 50
                    && (best == null || p.path("budget_yuan").asDouble() > best.at("/properties/budget_yuan").asDouble())) {
                best = f;
            }
        }
        assertThat(best).as("an unfinished project").isNotNull();
        return best;
    }

    /** Every field the catalogue marks leader or planner, in any layer. */
    private static Set<String> nonPublicFields() {
        Set<String> out = new HashSet<>();
        // the layers the public may see at all; the household layers do not exist for the screen, and their
        // records are looked for in every public answer by HouseholdPrivacyTest
        for (LayerDef layer : server.catalog.forRole(org.xiangtu.catalog.Role.PUBLIC).layers()) {
            for (FieldDef field : server.catalog.layer(layer.id()).orElseThrow().fields()) {
                if (field.visibility() != Visibility.PUBLIC) {
                    out.add(field.name());
                }
            }
        }
        assertThat(out).contains("spent_yuan", "note", "by", "poor_people");
        return out;
    }

    /**
     * Collects the paths of keys that name a non-public field. Only {@code metrics} maps may use such a
     * name: they hold documented public aggregates (a count of at least five households, or null).
     */
    private static void findLeaks(JsonNode node, String path, Set<String> hidden, List<String> leaks) {
        if (node.isObject()) {
            boolean aggregates = path.endsWith("/metrics");
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> e = it.next();
                if (hidden.contains(e.getKey()) && !aggregates) {
                    leaks.add(path + "/" + e.getKey());
                }
                findLeaks(e.getValue(), path + "/" + e.getKey(), hidden, leaks);
            }
        } else if (node.isArray()) {
            for (JsonNode child : node) {
                findLeaks(child, path + "[]", hidden, leaks);
            }
        }
    }

    private static String responseBody(String requestId) {
        try {
            Map<String, Object> r = driver.executeCdpCommand("Network.getResponseBody", Map.of("requestId", requestId));
            return Boolean.TRUE.equals(r.get("base64Encoded")) ? null : (String) r.get("body");
        } catch (RuntimeException e) {
            return null; // no body kept (the event stream, an evicted or a redirected response)
        }
    }

    private static int[] pngSize(byte[] png) {
        return new int[] {readInt(png, 16), readInt(png, 20)};
    }

    private static int readInt(byte[] b, int at) {
        return ((b[at] & 0xff) << 24) | ((b[at + 1] & 0xff) << 16) | ((b[at + 2] & 0xff) << 8) | (b[at + 3] & 0xff);
    }

    private static void waitFor(Duration timeout, String what, java.util.function.BooleanSupplier condition) {
        new WebDriverWait(driver, timeout).withMessage(what).until(d -> condition.getAsBoolean());
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Object js(String script) {
        return ((JavascriptExecutor) driver).executeScript(script);
    }
}
