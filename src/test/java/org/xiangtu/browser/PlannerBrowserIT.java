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
import org.openqa.selenium.Keys;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.xiangtu.catalog.Role;
import org.xiangtu.store.Feature;
import org.xiangtu.store.FeatureQuery;
import org.xiangtu.testing.Browser;
import org.xiangtu.testing.Navigation;
import org.xiangtu.testing.PrintedPdf;
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
        Browser.closeWith(browser, server);
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
    void a_polygon_drawn_with_mouse_clicks_closes_on_its_first_point_shows_its_area_and_the_servers_statistics()
            throws IOException {
        double zoom = zoom();
        clickButton("[data-draw='polygon']");
        clickMapAt(0.35, 0.35);
        clickMapAt(0.62, 0.33);
        clickMapAt(0.65, 0.62);
        // while drawing: the area so far, in mu/ha or km², and the finish button
        WebElement measure = driver.findElement(By.id("draw-measure"));
        assertThat(measure.isDisplayed()).isTrue();
        assertThat(measure.getText()).containsAnyOf("平方公里", "亩").contains("3 个节点");
        clickMapAt(0.33, 0.60);
        assertThat(measure.getText()).contains("4 个节点");
        double liveArea = Double.parseDouble(measure.getAttribute("data-area"));
        assertThat(driver.findElement(By.id("draw-finish")).isEnabled()).isTrue();
        screenshot("planner-drawing.png");

        // a click on the first vertex closes the polygon and asks the server
        js("window.__before = window.APP.result");
        clickMapAt(0.35, 0.35);
        waitForAnswer();
        JsonNode sent = sentGeometry();
        assertThat(sent.at("/type").asText()).isEqualTo("Polygon");
        assertThat(sent.at("/coordinates/0").size()).as("4 vertices and the closing one").isEqualTo(5);
        assertThat(zoom()).as("the map did not zoom").isEqualTo(zoom);
        assertThat(measure.isDisplayed()).isFalse();

        JsonNode expected = within((ObjectNode) sent, 0);
        assertThat(expected.at("/villages/count").asInt()).isPositive();
        for (String stat : List.of("villages.count", "villages.households", "villages.population",
                "villages.poor_households", "industry_bases.count", "industry_bases.mu", "roads.km", "water_pipes.km",
                "projects.count", "zone.area_m2")) {
            double api = expected.at("/" + stat.replace('.', '/')).asDouble();
            assertThat(shown(stat)).as(stat).isEqualTo(api);
        }
        // the figure shown while drawing was the same area, approximately
        assertThat(liveArea).isCloseTo(expected.at("/zone/area_m2").asDouble(),
                org.assertj.core.data.Percentage.withPercentage(2));
        // areas in km² and mu, lengths in km, road grades in words: no 8-digit square metres, no codes
        assertThat(text("zone.area_m2")).contains("平方公里", "万亩").doesNotContain("平方米");
        assertThat(text("roads.km")).contains("公里");
        String results = driver.findElement(By.id("results")).getText();
        assertThat(results).contains("村（社区）", "户数", "建卡贫困户", "产业基地").containsAnyOf("县道", "乡道", "村道")
                .doesNotContain("county", "township", "平方米");
        js("document.getElementById('results').scrollIntoView({block: 'start'})");
        screenshot("planner.png");
        js("document.getElementById('tools-title').scrollIntoView({block: 'start'})");
    }

    @Test
    @Order(3)
    void changing_the_buffer_distance_after_drawing_asks_the_question_again() {
        WebElement distance = driver.findElement(By.id("distance"));
        js("window.__before = window.APP.result");
        distance.click();
        distance.sendKeys(Keys.chord(Keys.CONTROL, "a"), "500", Keys.TAB);
        new WebDriverWait(driver, TIMEOUT).until(d -> Boolean.TRUE.equals(js(
                "return document.body.dataset.busy === 'false' && window.APP.request.body.distance === 500"
                        + " && window.APP.result && window.APP.result.zone.distance === 500")));
        assertThat(shown("zone.distance")).isEqualTo(500);
        JsonNode expected = within((ObjectNode) sentGeometry(), 500);
        assertThat(shown("villages.count")).isEqualTo(expected.at("/villages/count").asDouble());
        assertThat(shown("zone.area_m2")).isEqualTo(expected.at("/zone/area_m2").asDouble());
        distance.sendKeys(Keys.chord(Keys.CONTROL, "a"), "0", Keys.TAB);
        new WebDriverWait(driver, TIMEOUT).until(d -> Boolean.TRUE.equals(js(
                "return document.body.dataset.busy === 'false' && window.APP.request.body.distance === 0")));
    }

    @Test
    @Order(4)
    void a_polygon_closed_by_a_double_click_does_not_zoom_the_map() {
        double zoom = zoom();
        String center = String.valueOf(js("return window.APP.map.getCenter().toString()"));
        clickButton("[data-draw='polygon']");
        clickMapAt(0.40, 0.40);
        clickMapAt(0.55, 0.42);
        clickMapAt(0.56, 0.56);
        js("window.__before = window.APP.result");
        new Actions(driver).moveToElement(map(), offsetX(0.42), offsetY(0.55)).doubleClick().perform();
        waitForAnswer();
        assertThat(sentGeometry().at("/coordinates/0").size()).as("4 vertices and the closing one").isEqualTo(5);
        sleep(600); // a zoom would have started by now
        assertThat(zoom()).as("the map did not zoom").isEqualTo(zoom);
        assertThat(String.valueOf(js("return window.APP.map.getCenter().toString()"))).isEqualTo(center);
        // and the map's own double-click zoom is back once the drawing is done
        assertThat(js("return window.APP.map.doubleClickZoom.enabled()")).isEqualTo(true);
    }

    @Test
    @Order(5)
    void a_line_measured_with_clicks_ends_with_enter_and_a_polygon_with_the_finish_button() {
        driver.findElement(By.cssSelector("#modes input[value='measure']")).click();
        clickButton("[data-draw='polyline']");
        clickMapAt(0.30, 0.50);
        clickMapAt(0.50, 0.45);
        clickMapAt(0.70, 0.50);
        assertThat(driver.findElement(By.id("draw-measure")).getText()).contains("长约", "公里");
        js("window.__before = window.APP.result");
        new Actions(driver).sendKeys(Keys.ENTER).perform();
        waitForAnswer();
        JsonNode line = sentGeometry();
        assertThat(line.at("/type").asText()).isEqualTo("LineString");
        assertThat(line.at("/coordinates").size()).isEqualTo(3);
        double metres = within((ObjectNode) line, 0).at("/zone/length_m").asDouble();
        assertThat(shown("zone.length_m")).isEqualTo(metres);
        assertThat(text("zone.length_m")).contains("公里");

        clickButton("[data-draw='polygon']");
        clickMapAt(0.45, 0.45);
        clickMapAt(0.52, 0.45);
        assertThat(driver.findElement(By.id("draw-finish")).isEnabled()).as("two points are no polygon").isFalse();
        new Actions(driver).sendKeys(Keys.BACK_SPACE).perform();
        assertThat(driver.findElement(By.id("draw-measure")).getText()).contains("1 个节点");
        clickMapAt(0.52, 0.45);
        clickMapAt(0.50, 0.52);
        js("window.__before = window.APP.result");
        clickButton("#draw-finish");
        waitForAnswer();
        assertThat(sentGeometry().at("/coordinates/0").size()).isEqualTo(4);
        assertThat(shown("zone.area_m2")).isPositive();
    }

    @Test
    @Order(6)
    void a_what_if_greenway_drawn_with_the_mouse_shows_its_reach_and_outlines_the_newly_reached_villages()
            throws IOException {
        driver.findElement(By.cssSelector("#modes input[value='greenway']")).click();
        clickButton("[data-draw='polyline']");
        clickMapAt(0.25, 0.70);
        clickMapAt(0.45, 0.62);
        js("window.__before = window.APP.result");
        new Actions(driver).moveToElement(map(), offsetX(0.60), offsetY(0.75)).doubleClick().perform();
        waitForAnswer();
        JsonNode line = sentGeometry();
        HttpResponse<String> r = api.send("POST", "/api/analysis/whatif",
                "{\"kind\":\"greenway\",\"reach\":1000,\"geometry\":" + line + "}", Map.of());
        JsonNode expected = ApiClient.json(r);
        int added = expected.at("/villages/added_ids").size();
        assertThat(added).as("the line reaches new villages").isPositive();
        assertThat(shown("villages.added")).isEqualTo(added);
        assertThat(driver.findElements(By.cssSelector(".xt-reach-zone"))).as("the reach on the map").hasSize(1);
        assertThat(driver.findElements(By.cssSelector("path.xt-reach-added"))).hasSize(added);
        @SuppressWarnings("unchecked")
        List<String> outlined = (List<String>) js("return window.APP.reach.added");
        List<String> ids = new ArrayList<>();
        expected.at("/villages/added_ids").forEach(n -> ids.add(n.asText()));
        assertThat(outlined).containsExactlyElementsOf(ids);
        // the greenway's answer counts industry bases too: the newly reached ones are outlined as well
        List<String> baseIds = new ArrayList<>();
        expected.at("/industry_bases/added_ids").forEach(n -> baseIds.add(n.asText()));
        assertThat(baseIds).as("the line reaches new industry bases").isNotEmpty();
        assertThat(driver.findElements(By.cssSelector("path.xt-reach-added-base"))).hasSize(baseIds.size());
        @SuppressWarnings("unchecked")
        List<String> outlinedBases = (List<String>) js("return window.APP.reach.addedBases");
        assertThat(outlinedBases).containsExactlyElementsOf(baseIds);
        screenshot("planner-whatif.png");

        // a wider reach asks again
        WebElement distance = driver.findElement(By.id("distance"));
        js("window.__before = window.APP.result");
        distance.click();
        distance.sendKeys(Keys.chord(Keys.CONTROL, "a"), "2000", Keys.TAB);
        new WebDriverWait(driver, TIMEOUT).until(d -> Boolean.TRUE.equals(js(
                "return document.body.dataset.busy === 'false' && window.APP.result && window.APP.result.reach === 2000")));
        assertThat(((Number) js("return window.APP.result.villages.proposal_reaches")).intValue())
                .isGreaterThanOrEqualTo(expected.at("/villages/proposal_reaches").asInt());
    }

    @Test
    @Order(7)
    void a_town_filter_takes_the_town_name_zooms_to_its_villages_and_the_filtered_set_exports() throws IOException {
        driver.findElement(By.cssSelector("#modes input[value='within']")).click();
        Feature town = server.store.features("towns", FeatureQuery.all(List.of("code", "name"), 5)).features().get(3);
        String code = (String) town.properties().get("code");
        String name = (String) town.properties().get("name");
        long inTown = server.store.features("villages", FeatureQuery.all(List.of("code", "town_code"), 10_000))
                .features().stream().filter(f -> code.equals(f.properties().get("town_code"))).count();
        double zoom = zoom();
        WebElement row = driver.findElement(By.cssSelector("#layer-list li[data-layer='villages']"));
        row.findElement(By.cssSelector(".xt-layer__filter summary")).click();
        new org.openqa.selenium.support.ui.Select(row.findElement(By.cssSelector("select[name='field']")))
                .selectByValue("town_code");
        new org.openqa.selenium.support.ui.Select(row.findElement(By.cssSelector("select[name='value']")))
                .selectByVisibleText(name);
        row.findElement(By.cssSelector(".xt-filter button[type='submit']")).click();
        new WebDriverWait(driver, TIMEOUT).until(d -> !d.findElements(
                By.cssSelector("#layer-list li[data-layer='villages'] .xt-filter__matched")).isEmpty());
        assertThat(((Number) js("return window.APP.layers.villages.featureCount")).longValue()).isEqualTo(inTown);
        assertThat(zoom()).as("zoomed to the town's villages").isGreaterThan(zoom);

        new org.openqa.selenium.support.ui.Select(driver.findElement(By.id("export-layer"))).selectByValue("villages");
        new org.openqa.selenium.support.ui.Select(driver.findElement(By.id("export-format"))).selectByValue("geojson");
        driver.findElement(By.cssSelector("#export-scope input[value='filter']")).click();
        js("window.__exportBefore = window.APP.lastExport");
        driver.findElement(By.id("export-submit")).click();
        new WebDriverWait(driver, TIMEOUT).until(d -> Boolean.TRUE.equals(js(
                "return window.APP.lastExport !== window.__exportBefore")));
        @SuppressWarnings("unchecked")
        Map<String, Object> export = (Map<String, Object>) js("return window.APP.lastExport");
        assertThat(export).as("export").doesNotContainKey("error");
        assertThat((String) export.get("fileName")).endsWith(".geojson");
        @SuppressWarnings("unchecked")
        Map<String, Object> sent = (Map<String, Object>) js("return window.APP.lastExportFilter");
        assertThat(sent).containsEntry("town_code", code);
        HttpResponse<String> file = api.send("POST", "/api/export",
                "{\"layer\":\"villages\",\"format\":\"geojson\",\"filters\":{\"town_code\":\"" + code + "\"}}",
                Map.of());
        assertThat(file.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(file.body()).at("/features").size()).isEqualTo((int) inTown);
        assertThat(((Number) export.get("size")).longValue()).isEqualTo(file.body().getBytes(
                java.nio.charset.StandardCharsets.UTF_8).length);

        driver.findElement(By.cssSelector("#export-scope input[value='shape']")).click();
        row = driver.findElement(By.cssSelector("#layer-list li[data-layer='villages']"));
        row.findElement(By.cssSelector(".xt-filter button[type='button']")).click();
        new WebDriverWait(driver, TIMEOUT).until(d -> Boolean.TRUE.equals(js(
                "return window.APP.layers.villages.featureCount === window.APP.layers.villages.total")));
    }

    @Test
    @Order(8)
    void a_new_water_works_clicked_beside_a_village_the_network_does_not_reach_reaches_it() throws IOException {
        JsonNode dashboard = ApiClient.json(api.get("/api/dashboard"));
        java.util.Set<String> reached = new java.util.HashSet<>();
        for (JsonNode k : dashboard.get("kpis")) {
            if (k.get("id").asText().equals("water_reach_villages")) {
                k.get("ids").forEach(n -> reached.add(n.asText()));
            }
        }
        Feature dry = server.store.features("villages", FeatureQuery.all(List.of("code", "name"), 10_000)).features()
                .stream().filter(v -> !reached.contains(v.id())).findFirst().orElseThrow();
        var c = dry.geometry().getInteriorPoint().getCoordinate();
        driver.findElement(By.cssSelector("#modes input[value='water_works']")).click();
        clickButton("[data-draw='point']");
        String at = String.format(Locale.ROOT, "window.APP.map.latLngToContainerPoint([%s, %s])", c.y, c.x);
        for (int i = 0; i < 6 && !Boolean.TRUE.equals(js("const p = " + at + ", s = window.APP.map.getSize();"
                + " return p.x > 20 && p.y > 20 && p.x < s.x - 20 && p.y < s.y - 20")); i++) {
            clickButton(".leaflet-control-zoom-out");
            sleep(400);
        }
        @SuppressWarnings("unchecked")
        Map<String, Number> p = (Map<String, Number>) js("const p = " + at + "; return {x: p.x, y: p.y}");
        int w = map().getRect().getWidth();
        int h = map().getRect().getHeight();
        js("window.__before = window.APP.result");
        new Actions(driver).moveToElement(map(), (int) Math.round(p.get("x").doubleValue() - w / 2.0),
                (int) Math.round(p.get("y").doubleValue() - h / 2.0)).click().perform();
        waitForAnswer();
        assertThat(sentGeometry().at("/type").asText()).isEqualTo("Point");
        JsonNode answer = JSON.valueToTree(js("return window.APP.result"));
        assertThat(answer.at("/villages/before").asInt()).isEqualTo(reached.size());
        assertThat(answer.at("/villages/added_ids").toString()).contains(dry.id());
        assertThat(shown("villages.added")).isPositive();
        assertThat(text2("#results")).contains((String) dry.properties().get("name"));
        assertThat(driver.findElements(By.cssSelector(".xt-reach-zone"))).as("the works' reach").hasSize(1);
        assertThat(driver.findElements(By.cssSelector("path.xt-reach-added")))
                .hasSize(answer.at("/villages/added_ids").size());
        driver.findElement(By.cssSelector("#modes input[value='within']")).click();
        assertThat(driver.findElements(By.cssSelector(".xt-reach-zone"))).isEmpty();
    }

    @Test
    @Order(9)
    void a_village_found_by_its_pinyin_and_a_town_by_the_keyboard_are_zoomed_to_and_outlined() throws IOException {
        Feature village = server.store.features("villages", FeatureQuery.all(List.of("code", "name", "pinyin"), 10_000))
                .features().stream().filter(v -> "岩湾村".equals(v.properties().get("name"))).findFirst().orElseThrow();
        for (int i = 0; i < 8 && zoom() > 11; i++) {
            clickButton(".leaflet-control-zoom-out");
            sleep(300);
        }
        double before = zoom();
        assertThat(before).as("the county in view").isLessThanOrEqualTo(11);

        WebElement input = driver.findElement(By.id("search-input"));
        assertThat(input.getSize().getHeight()).as("a 44 px touch target").isGreaterThanOrEqualTo(44);
        new Actions(driver).moveToElement(input).click().perform();
        input.sendKeys("yanwan");
        By option = By.cssSelector("#search-results [data-kind=village][data-code='" + village.properties().get("code") + "']");
        WebElement found = new WebDriverWait(driver, TIMEOUT).until(d -> d.findElements(option).stream()
                .filter(WebElement::isDisplayed).findFirst().orElse(null));
        assertThat(found.getText()).contains("岩湾村").contains("双山镇");
        assertThat(found.getSize().getHeight()).isGreaterThanOrEqualTo(44);
        screenshot("planner-search-list.png");
        new Actions(driver).moveToElement(found).click().perform();

        var c = village.geometry().getInteriorPoint().getCoordinate();
        new WebDriverWait(driver, TIMEOUT).until(d -> zoom() >= before + 2);
        assertThat(js(String.format(Locale.ROOT, "return window.APP.map.getBounds().contains([%s, %s])", c.y, c.x)))
                .as("the village in view").isEqualTo(true);
        assertThat(driver.findElements(By.cssSelector(".leaflet-planner-found-pane path"))).as("the village outlined")
                .hasSize(1).allMatch(WebElement::isDisplayed);
        assertThat(map().getAttribute("class")).contains("xt-map--dimmed");
        assertThat(driver.findElement(By.id("search-results")).isDisplayed()).isFalse();
        screenshot("planner-search.png");

        // a town with the keyboard alone: its pinyin, Enter on the first result; Escape closes the list
        input.sendKeys(Keys.chord(Keys.CONTROL, "a"), "shuang shan");
        WebElement first = new WebDriverWait(driver, TIMEOUT).until(d -> d.findElements(
                By.cssSelector("#search-results [role=option]")).stream().findFirst().orElse(null));
        assertThat(first.getAttribute("data-kind")).isEqualTo("town");
        assertThat(first.getText()).contains("双山镇");
        double villageZoom = zoom();
        new Actions(driver).sendKeys(Keys.ENTER).perform();
        Feature town = server.store.features("towns", FeatureQuery.all(List.of("code", "name"), 100)).features()
                .stream().filter(t -> "双山镇".equals(t.properties().get("name"))).findFirst().orElseThrow();
        Envelope te = town.geometry().getEnvelopeInternal();
        new WebDriverWait(driver, TIMEOUT).until(d -> zoom() < villageZoom && Boolean.TRUE.equals(js(String.format(
                Locale.ROOT, "return window.APP.map.getBounds().pad(0.02).contains([[%s, %s], [%s, %s]])",
                te.getMinY(), te.getMinX(), te.getMaxY(), te.getMaxX()))));
        assertThat(zoom()).as("closer than the county").isGreaterThan(before);
        assertThat(driver.findElements(By.cssSelector(".leaflet-planner-found-pane path"))).hasSize(1);

        // the town fills the villages' town filter; one click applies it
        String townCode = (String) town.properties().get("code");
        long inTown = server.store.features("villages", FeatureQuery.all(List.of("code", "town_code"), 10_000))
                .features().stream().filter(f -> townCode.equals(f.properties().get("town_code"))).count();
        WebElement row = driver.findElement(By.cssSelector("#layer-list li[data-layer='villages']"));
        assertThat(row.findElement(By.cssSelector(".xt-layer__filter")).getAttribute("open")).isNotNull();
        assertThat(row.findElement(By.cssSelector("select[name='field']")).getAttribute("value")).isEqualTo("town_code");
        assertThat(row.findElement(By.cssSelector("select[name='value']")).getAttribute("value")).isEqualTo(townCode);
        assertThat(((Number) js("return window.APP.layers.villages.featureCount")).longValue()).as("not applied yet")
                .isGreaterThan(inTown);
        clickButton("#layer-list li[data-layer='villages'] .xt-filter button[type='submit']");
        new WebDriverWait(driver, TIMEOUT).until(d -> ((Number) js("return window.APP.layers.villages.featureCount"))
                .longValue() == inTown);
        clickButton("#layer-list li[data-layer='villages'] .xt-filter button[type='button']");
        new WebDriverWait(driver, TIMEOUT).until(d -> Boolean.TRUE.equals(js(
                "return window.APP.layers.villages.featureCount === window.APP.layers.villages.total")));

        input.sendKeys(Keys.chord(Keys.CONTROL, "a"), "yan");
        new WebDriverWait(driver, TIMEOUT).until(d -> d.findElement(By.id("search-results")).isDisplayed());
        new Actions(driver).sendKeys(Keys.ESCAPE).perform();
        assertThat(driver.findElement(By.id("search-results")).isDisplayed()).isFalse();

        // on a phone the search has a line of its own in the header, inside the screen
        driver.manage().window().setSize(new org.openqa.selenium.Dimension(390, 844));
        try {
            new WebDriverWait(driver, TIMEOUT).until(d -> ((Number) js("return window.innerWidth")).intValue() <= 400);
            var box = driver.findElement(By.id("search-input")).getRect();
            assertThat(box.getX()).isGreaterThanOrEqualTo(0);
            assertThat(box.getX() + box.getWidth()).isLessThanOrEqualTo(((Number) js("return window.innerWidth")).intValue());
            assertThat(box.getHeight()).isGreaterThanOrEqualTo(44);
            screenshot("planner-search-phone.png");
        } finally {
            driver.manage().window().setSize(new org.openqa.selenium.Dimension(1400, 900));
            sleep(500);
        }
    }

    @Test
    @Order(10)
    void every_what_if_the_planner_offers_draws_its_reach_outlines_the_new_villages_and_explains_them()
            throws IOException {
        List<String> kinds = driver.findElements(By.cssSelector("#modes input[name=mode]")).stream()
                .map(e -> e.getAttribute("value")).filter(v -> !v.equals("within") && !v.equals("measure")).toList();
        assertThat(kinds).as("the what-ifs offered").contains("greenway", "water_works");
        for (String kind : kinds) {
            driver.findElement(By.cssSelector("#modes input[value='" + kind + "']")).click();
            js("window.__before = window.APP.result");
            boolean point = driver.findElement(By.cssSelector("[data-draw='point']")).isDisplayed();
            clickButton(point ? "[data-draw='point']" : "[data-draw='polyline']");
            assertThat(driver.findElements(By.cssSelector(".leaflet-planner-found-pane path")))
                    .as("a new drawing ends the search's highlight").isEmpty();
            if (point) {
                clickMapAt(0.5, 0.5);
            } else {
                clickMapAt(0.30, 0.45);
                clickMapAt(0.50, 0.55);
                new Actions(driver).moveToElement(map(), offsetX(0.70), offsetY(0.45)).doubleClick().perform();
            }
            waitForAnswer();
            JsonNode answer = JSON.valueToTree(js("return window.APP.result"));
            assertThat(answer.at("/kind").asText()).isEqualTo(kind);
            assertThat(driver.findElements(By.cssSelector(".xt-reach-zone"))).as(kind + ": its reach on the map")
                    .hasSize(1).allMatch(WebElement::isDisplayed);
            int added = answer.at("/villages/added_ids").size();
            assertThat(driver.findElements(By.cssSelector("path.xt-reach-added"))).as(kind + ": the new villages")
                    .hasSize(added);
            String legend = driver.findElement(By.cssSelector("#results [data-section=legend]")).getText();
            assertThat(legend).as(kind + ": the key to the map").contains(answer.at("/reach").asInt() + " 米")
                    .contains("新增通达的村（" + added + " 个）");
            int addedBases = answer.at("/industry_bases/added_ids").size();
            assertThat(driver.findElements(By.cssSelector("path.xt-reach-added-base"))).as(kind + ": the new bases")
                    .hasSize(addedBases);
            boolean countsBases = answer.has("industry_bases");
            assertThat(countsBases).as(kind + ": bases counted").isEqualTo(kind.equals("greenway"));
            if (countsBases) {
                assertThat(legend).contains("新增通达的产业基地（" + addedBases + " 个）");
            }
            assertThat(driver.findElements(By.cssSelector("#results [data-section=legend] svg")))
                    .hasSize(countsBases ? 3 : 2);
            js("document.querySelector('#results [data-section=legend]').scrollIntoView({block: 'end'})");
            screenshot("planner-whatif-" + kind + ".png");
        }
    }

    @Test
    @Order(11)
    void the_print_puts_the_results_and_the_key_beside_a_large_map_with_a_north_arrow_and_scale() throws Exception {
        assertThat(driver.findElements(By.cssSelector("#map .xt-north"))).as("north arrow on the map").hasSize(1);
        assertThat(driver.findElements(By.cssSelector("#map .leaflet-control-scale"))).as("scale bar").hasSize(1);
        String heading = driver.findElement(By.cssSelector("#results .xt-results__heading")).getText();
        assertThat(heading).isNotBlank();
        PrintedPdf pdf = PrintedPdf.print(driver, SCREENSHOTS.resolve("planner-print.pdf"));
        String firstPage = pdf.firstPageText();
        assertThat(firstPage).as("page 1 of the print").contains(heading, "分析结果", "地图上", "新增通达的村", "图层",
                "村（社区）", "N");
        assertThat(firstPage).as("no tools on paper").doesNotContain("分析方式", "导出所选范围", "导入调查数据", "缓冲距离",
                "不透明度");
        pdf.firstPagePng(SCREENSHOTS.resolve("planner-print"));
        driver.findElement(By.cssSelector("#modes input[value='within']")).click();
    }

    @Test
    @Order(13)
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
    @Order(14)
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
    @Order(15)
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
        // the change feed may redraw the popup after the PATCH: wait for a shown timeline, not the first element
        Boolean shown = new WebDriverWait(driver, TIMEOUT).until(d -> d.findElements(
                By.cssSelector(".leaflet-popup .xt-timeline[data-loaded='true']")).stream()
                .anyMatch(WebElement::isDisplayed) ? Boolean.TRUE : null);
        assertThat(shown).isTrue();
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
    @Order(16)
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
        js("window.__exportBefore = window.APP.lastExport");
        driver.findElement(By.id("export-submit")).click();
        new WebDriverWait(driver, TIMEOUT).until(d -> Boolean.TRUE.equals(js(
                "return window.APP.lastExport !== window.__exportBefore")));
        @SuppressWarnings("unchecked")
        Map<String, Object> export = (Map<String, Object>) js("return window.APP.lastExport");
        assertThat(export).as("export").doesNotContainKey("error");
        assertThat((String) export.get("fileName")).endsWith(".gpkg");
        assertThat(((Number) export.get("size")).longValue()).isGreaterThan(4096);
        screenshot("planner-import.png");
    }

    @Test
    @Order(17)
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
        assertThat(text2("#import-status")).as("a one-point import").doesNotContain("导入失败");
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
    @Order(18)
    void english_switches_the_results_labels() {
        js("window.APP.setMode('within')");
        driver.findElement(By.cssSelector("#lang-switch [data-lang='en']")).click();
        new WebDriverWait(driver, Duration.ofSeconds(10)).until(d -> "en".equals(js("return window.APP.lang")));
        assertThat(driver.findElement(By.id("tools-title")).getText()).isEqualTo("Spatial analysis");
        assertThat(driver.findElement(By.id("layers-title")).getText()).isEqualTo("Layers");
        // areas in km² and mu, lengths in km, in English too
        assertThat(text("zone.area_m2")).contains("km²", "mu");
        assertThat(text("zone.perimeter_m")).contains("km");
        driver.findElement(By.cssSelector("#lang-switch [data-lang='zh']")).click();
    }

    @Test
    @Order(19)
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

    /**
     * Issue 18, item 4: a GBK CSV without coordinates (a list of townships by code) chosen in the form: the page
     * reads its header, offers its columns, sees no coordinates and proposes the join to the towns by 代码; the
     * import takes each town's boundary and the report's lines show under the status. A CSV of points offers
     * its own columns for the coordinates.
     */
    @Test
    @Order(19)
    void a_csv_without_coordinates_is_joined_to_the_towns_through_the_form() throws IOException {
        JsonNode towns = ApiClient.json(api.get("/ogc/collections/towns/items?limit=2")).get("features");
        StringBuilder csv = new StringBuilder("乡镇名称,代码,合作社\r\n");
        for (JsonNode t : towns) {
            csv.append(t.at("/properties/name").asText()).append(',').append(t.at("/properties/code").asText())
                    .append(",3\r\n");
        }
        Path file = server.dir.resolve("合作社.csv");
        java.nio.file.Files.write(file, csv.toString().getBytes(java.nio.charset.Charset.forName("GBK")));
        driver.findElement(By.id("import-file")).sendKeys(file.toString());
        new WebDriverWait(driver, TIMEOUT).until(d -> "代码".equals(js(
                "return document.getElementById('import-join-column').value")));
        assertThat(driver.findElement(By.id("import-csv")).isDisplayed()).isTrue();
        assertThat(js("return document.getElementById('import-join').value")).isEqualTo("towns");
        assertThat(js("return [...document.getElementById('import-join-column').options].map(o => o.value)"))
                .asString().contains("乡镇名称", "代码", "合作社");
        assertThat(driver.findElement(By.id("import-lon")).isDisplayed()).isFalse();
        driver.findElement(By.id("import-title-input")).clear();
        driver.findElement(By.id("import-title-input")).sendKeys("合作社");
        driver.findElement(By.id("import-submit")).click();
        new WebDriverWait(driver, TIMEOUT).until(d -> Boolean.TRUE.equals(js(
                "return window.APP.imported.some(l => l.title === '合作社')")));
        assertThat(driver.findElement(By.id("import-warnings")).getText()).contains("2 of 2 rows joined to towns");
        String id = (String) js("return window.APP.imported.find(l => l.title === '合作社').id");
        JsonNode items = ApiClient.json(api.get("/ogc/collections/" + id + "/items"));
        assertThat(items.at("/features/0/geometry/type").asText()).contains("Polygon");
        assertThat(items.at("/features/0/properties/乡镇名称").asText()).isEqualTo(towns.get(0).at("/properties/name")
                .asText());

        // a CSV of points with coordinate columns the server would not guess: the page offers them
        Path points = server.dir.resolve("points.csv");
        java.nio.file.Files.writeString(points, "名称,东,北\n一,106.05,29.85\n", java.nio.charset.StandardCharsets.UTF_8);
        driver.findElement(By.id("import-file")).sendKeys(points.toString());
        new WebDriverWait(driver, TIMEOUT).until(d -> Boolean.TRUE.equals(js(
                "return [...document.getElementById('import-lon').options].some(o => o.value === '东')")));
        js("document.getElementById('import-join').value = ''; document.getElementById('import-join')"
                + ".dispatchEvent(new Event('change'))");
        new org.openqa.selenium.support.ui.Select(driver.findElement(By.id("import-lon"))).selectByValue("东");
        new org.openqa.selenium.support.ui.Select(driver.findElement(By.id("import-lat"))).selectByValue("北");
        driver.findElement(By.id("import-title-input")).clear();
        driver.findElement(By.id("import-title-input")).sendKeys("东北点");
        driver.findElement(By.id("import-submit")).click();
        new WebDriverWait(driver, TIMEOUT).until(d -> Boolean.TRUE.equals(js(
                "return window.APP.imported.some(l => l.title === '东北点')")));
        String pointsId = (String) js("return window.APP.imported.find(l => l.title === '东北点').id");
        assertThat(ApiClient.json(api.get("/ogc/collections/" + pointsId + "/items")).at("/features/0/geometry/type")
                .asText()).isEqualTo("Point");
    }

    @Test
    @Order(20)
    void an_imported_layer_can_be_hidden_zoomed_to_published_and_deleted_from_the_list() throws IOException {
        String id = (String) js("return window.APP.imported.find(l => l.title === '测绘村界').id");
        String item = "#imported-list li[data-layer-id='" + id + "']";
        // hidden and shown again with its checkbox
        clickButton(item + " input[data-action='show']");
        assertThat(js("return window.APP.imported.find(l => l.id === '" + id + "').onMap")).isEqualTo(false);
        clickButton(item + " input[data-action='show']");
        assertThat(js("return window.APP.imported.find(l => l.id === '" + id + "').onMap")).isEqualTo(true);
        // zoomed to: the map shows the whole layer
        js("window.APP.map.setView([29.6, 106.2], 10, {animate: false})");
        clickButton(item + " button[data-action='zoom']");
        new WebDriverWait(driver, TIMEOUT).until(d -> Boolean.TRUE.equals(js(
                "const b = window.APP.imported.find(l => l.id === '" + id + "').bounds.split(',').map(Number);"
                        + " return window.APP.map.getBounds().contains([[b[1], b[0]], [b[3], b[2]]])"
                        + " && window.APP.map.getZoom() > 12")));
        // published, then withdrawn
        assertThat(ApiClient.json(api.get("/api/planner-layers/" + id)).at("/published").asBoolean()).isFalse();
        clickButton(item + " button[data-action='publish']");
        new WebDriverWait(driver, TIMEOUT).until(d -> "true".equals(js(
                "return document.querySelector(\"" + item + " .xt-imported__state\").dataset.published")));
        assertThat(ApiClient.json(api.get("/api/planner-layers/" + id)).at("/published").asBoolean()).isTrue();
        assertThat(driver.findElement(By.cssSelector(item)).getText()).contains("已发布", "取消发布");
        clickButton(item + " button[data-action='publish']");
        new WebDriverWait(driver, TIMEOUT).until(d -> "false".equals(js(
                "return document.querySelector(\"" + item + " .xt-imported__state\").dataset.published")));
        screenshot("planner-imported.png");

        // deleted, after the planner confirms
        String xss = (String) js("return window.APP.imported.find(l => l.title === 'xss').id");
        clickButton("#imported-list li[data-layer-id='" + xss + "'] button[data-action='delete']");
        new WebDriverWait(driver, TIMEOUT).until(org.openqa.selenium.support.ui.ExpectedConditions.alertIsPresent());
        assertThat(driver.switchTo().alert().getText()).contains("xss");
        driver.switchTo().alert().accept();
        new WebDriverWait(driver, TIMEOUT).until(d -> d.findElements(
                By.cssSelector("#imported-list li[data-layer-id='" + xss + "']")).isEmpty());
        assertThat(js("return window.APP.imported.some(l => l.id === '" + xss + "')")).isEqualTo(false);
        assertThat(api.get("/api/planner-layers/" + xss).statusCode()).isEqualTo(404);
    }

    @Test
    @Order(99)
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

    private static WebElement map() {
        return driver.findElement(By.id("map"));
    }

    /** Offset from the map's centre (Actions measure from an element's centre) of a fraction of its width. */
    private static int offsetX(double fx) {
        int w = map().getRect().getWidth();
        return (int) Math.round(fx * w - w / 2.0);
    }

    private static int offsetY(double fy) {
        int h = map().getRect().getHeight();
        return (int) Math.round(fy * h - h / 2.0);
    }

    /** A mouse click on the map at a fraction of its width and height. */
    private static void clickMapAt(double fx, double fy) {
        new Actions(driver).moveToElement(map(), offsetX(fx), offsetY(fy)).click().perform();
    }

    private static void clickButton(String css) {
        new Actions(driver).moveToElement(driver.findElement(By.cssSelector(css))).click().perform();
    }

    private static double zoom() {
        return ((Number) js("return window.APP.map.getZoom()")).doubleValue();
    }

    /** Waits for the answer to a question asked after {@code window.__before} was set. */
    private static void waitForAnswer() {
        new WebDriverWait(driver, TIMEOUT).until(d -> Boolean.TRUE.equals(js(
                "return document.body.dataset.busy === 'false' && window.APP.result !== window.__before")));
    }

    private static JsonNode sentGeometry() {
        return JSON.valueToTree(js("return window.APP.request.body.geometry"));
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

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
