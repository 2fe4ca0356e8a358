package org.xiangtu.browser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.xiangtu.catalog.Role;
import org.xiangtu.edit.onboarding.LayerMapping;
import org.xiangtu.testing.ApiClient;
import org.xiangtu.testing.Browser;
import org.xiangtu.testing.Navigation;
import org.xiangtu.testing.TestServer;

/**
 * The onboarding page (issue 18, item 1) in Debian's Chromium against the real server (GeoPackage): a planner
 * is turned away; an admin finds it in the planner's header, picks a GeoJSON of three villages with Chinese column names and the
 * villages layer, sees the suggested mapping, the preview (counts, the repaired bow-tie, the diff with the new
 * village's id) and both layers on the map; applies it after the confirmation; the OGC API serves the new
 * village and the changed figure; rolling the version back brings the old layer back. The same villages as a
 * zipped GBK Shapefile on CGCS2000 3-degree Gauss–Krüger (.prj) are placed where GDAL's
 * {@code ogr2ogr -t_srs EPSG:4490} puts them. A planner layer serves as the source as well as a file.
 */
@TestMethodOrder(MethodOrderer.MethodName.class)
class OnboardBrowserIT {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final String PASSWORD = "onboard-browser-password";
    private static final Path GEOJSON = Path.of("src/test/resources/uploads/onboarding_villages_cn.geojson");
    /** ogr2ogr -f "ESRI Shapefile" -s_srs EPSG:4490 -t_srs EPSG:4544 -lco ENCODING=GBK of {@link #GEOJSON}, zipped. */
    private static final Path SHAPEFILE = Path.of("src/test/resources/uploads/onboard_villages_4544_gbk.zip");
    private static final String NEW_VILLAGE = "village-500151003999";
    private static final String CHANGED_VILLAGE = "village-500151003001";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static TestServer server;
    private static Browser browser;
    private static ChromeDriver driver;
    private static ApiClient api;

    @BeforeAll
    static void start() throws IOException {
        server = TestServer.start();
        server.addUser("onboard-admin", Role.ADMIN, PASSWORD);
        server.addUser("onboard-planner", Role.PLANNER, PASSWORD);
        browser = Browser.start(1400, 900);
        driver = browser.driver;
    }

    @AfterAll
    static void stop() throws IOException {
        Browser.closeWith(browser, server);
    }

    @Test
    void a_file_is_previewed_applied_served_by_the_ogc_api_and_rolled_back() throws IOException {
        // a planner is told the page is for admins, and is not kept signed in
        driver.manage().deleteAllCookies();
        Navigation.load(driver, server.url("/onboard"));
        waitFor("signin");
        driver.findElement(By.id("signin-name")).sendKeys("onboard-planner");
        driver.findElement(By.id("signin-password")).sendKeys(PASSWORD);
        driver.findElement(By.id("signin-submit")).click();
        new WebDriverWait(driver, TIMEOUT).until(d -> d.findElement(By.id("signin-error")).isDisplayed());
        assertThat(text("#signin-error")).isEqualTo("数据接入只对管理员开放（当前身份：规划人员）。");
        assertThat(driver.findElement(By.id("workspace")).isDisplayed()).isFalse();

        // an admin finds the page in the planner's header
        driver.manage().deleteAllCookies();
        Navigation.load(driver, server.url("/planner"));
        waitFor("signin");
        driver.findElement(By.id("signin-name")).sendKeys("onboard-admin");
        driver.findElement(By.id("signin-password")).sendKeys(PASSWORD);
        driver.findElement(By.id("signin-submit")).click();
        waitFor("true");
        WebElement link = driver.findElement(By.cssSelector("#page-links [data-page=onboard]"));
        assertThat(link.getText()).isEqualTo("数据接入");
        link.click();
        waitFor("true");
        assertThat(driver.getCurrentUrl()).endsWith("/onboard");
        assertThat(poorHouseholds(CHANGED_VILLAGE)).isEqualTo(2);

        preview(GEOJSON);
        assertThat(mappedTo("村名")).isEqualTo("name");
        assertThat(mappedTo("村代码")).isEqualTo("code");
        assertThat(mappedTo("贫困户数")).isEqualTo("poor_households");
        assertThat(mappedTo("镇街")).isEqualTo("town_code");
        assertThat(row("贫困户数").findElement(By.cssSelector("[data-title]")).getText()).startsWith("建卡贫困户");
        assertThat(count("rows")).isEqualTo("3");
        assertThat(count("repaired")).isEqualTo("1");
        assertThat(count("unmatched")).isEqualTo("0");
        assertThat(driver.findElement(By.cssSelector("#repair-list li")).getText()).startsWith("第 2 行");
        assertThat(text("[data-diff=added]")).contains("新增 1", NEW_VILLAGE);
        assertThat(text("[data-diff=changed]")).contains("修改 2", CHANGED_VILLAGE);
        assertThat(text("[data-diff=removed]")).contains("删除 0");
        assertThat(text("#unmatched-none")).isEqualTo("代码关联：全部匹配。");
        Map<?, ?> layers = (Map<?, ?>) js("return window.APP.layers");
        assertThat(((Number) layers.get("current")).intValue()).isEqualTo(298);
        assertThat(((Number) layers.get("incoming")).intValue()).isEqualTo(3);
        assertThat(text("#onboard-legend [data-legend=current]")).isEqualTo("现有图层：村（社区）（合成数据）");
        assertThat(text("#onboard-legend [data-legend=incoming]")).isEqualTo("文件中的要素（预览）（合成数据）");
        // the downloadable mapping is the JSON import --map reads
        LayerMapping mapping = JSON.readValue((String) js("return window.APP.mappingJson"), LayerMapping.class);
        assertThat(mapping.target()).isEqualTo("villages");
        assertThat(mapping.fields()).containsEntry("村名", "name").containsEntry("镇街", "town_code");
        assertThat(mapping.mode()).isEqualTo(LayerMapping.Mode.MERGE);
        js("document.getElementById('result').scrollIntoView()");
        screenshot("onboard.png");
        driver.findElement(By.cssSelector("#lang-switch [data-lang=en]")).click();
        assertThat(text("#app-badge")).isEqualTo("Onboarding");
        assertThat(text("[data-diff=added]")).contains("1 added", NEW_VILLAGE);
        assertThat(text("#onboard-legend [data-legend=current]")).isEqualTo("Current layer: Villages and communities (synthetic)");
        driver.findElement(By.cssSelector("#lang-switch [data-lang=zh]")).click();
        assertThat(poorHouseholds(CHANGED_VILLAGE)).as("a preview writes nothing").isEqualTo(2);

        // the admin leaves a column out: apply waits for a new preview, which uses the changed mapping
        new Select(row("贫困户数").findElement(By.tagName("select"))).selectByValue("");
        assertThat(driver.findElement(By.id("apply-button")).isEnabled()).isFalse();
        assertThat(js("return window.APP.mappingJson")).asString().doesNotContain("贫困户数");
        repreview();
        assertThat(mappedTo("贫困户数")).isEmpty();
        new Select(row("贫困户数").findElement(By.tagName("select"))).selectByValue("poor_households");
        assertThat(row("贫困户数").getText()).contains("相近"); // the suggestion again
        repreview();
        assertThat(driver.findElement(By.id("apply-button")).isEnabled()).isTrue();

        long version = apply();
        assertThat(text("#onboard-status")).isEqualTo("已写入图层“村（社区）”，现为版本 " + version + "。");
        JsonNode added = item(NEW_VILLAGE);
        assertThat(added.at("/properties/name").asText()).isEqualTo("新建村");
        assertThat(poorHouseholds(CHANGED_VILLAGE)).isEqualTo(5);
        assertThat(((Number) js("return window.APP.layers.current")).intValue()).isEqualTo(299);
        assertThat(text("#version-list li[data-version='" + version + "']")).contains("合并接入", "onboard-admin");

        rollback(version);
        assertThat(server.get("/ogc/collections/villages/items/" + NEW_VILLAGE).statusCode()).isEqualTo(404);
        assertThat(poorHouseholds(CHANGED_VILLAGE)).isEqualTo(2);
        assertThat(((Number) js("return window.APP.layers.current")).intValue()).isEqualTo(298);
        assertThat(driver.findElements(By.cssSelector("#version-list li[data-version]"))).hasSize(2);
    }

    @Test
    void b_a_gauss_krueger_shapefile_lands_where_gdal_puts_it() throws Exception {
        driver.manage().deleteAllCookies();
        Navigation.load(driver, server.url("/onboard"));
        waitFor("signin");
        driver.findElement(By.id("signin-name")).sendKeys("onboard-admin");
        driver.findElement(By.id("signin-password")).sendKeys(PASSWORD);
        driver.findElement(By.id("signin-submit")).click();
        waitFor("true");

        preview(SHAPEFILE);
        assertThat(mappedTo("村名")).isEqualTo("name"); // GBK column names read as Chinese
        assertThat(text("[data-diff=added]")).contains("新增 1", NEW_VILLAGE);
        assertThat(text("#onboard-legend [data-legend=incoming]")).isEqualTo("此格式的文件要素在写入后显示");
        long version = apply();

        // the new village as the page draws it (from the OGC API), against GDAL's reading of the same file
        JsonNode shown = JSON.valueToTree(js("return window.APP.currentFeature(arguments[0])", NEW_VILLAGE));
        List<double[]> page = vertices(shown.get("geometry"));
        JsonNode gdal = null;
        for (JsonNode f : ogr2ogr(SHAPEFILE).get("features")) {
            if (f.at("/properties/村代码").asLong() == 500151003999L) {
                gdal = f;
            }
        }
        assertThat(gdal).as("GDAL reads the new village").isNotNull();
        List<double[]> reference = vertices(gdal.get("geometry"));
        assertThat(page).hasSameSizeAs(reference);
        for (double[] v : reference) {
            double nearest = page.stream().mapToDouble(p -> Math.hypot(p[0] - v[0], p[1] - v[1])).min().orElseThrow();
            assertThat(nearest).as("vertex %s,%s", v[0], v[1]).isCloseTo(0, within(1e-7)); // about 1 cm
        }
        rollback(version);
        assertThat(server.get("/ogc/collections/villages/items/" + NEW_VILLAGE).statusCode()).isEqualTo(404);
    }

    @Test
    void c_a_planner_layer_is_a_source_too() throws IOException {
        var upload = admin().upload("/api/uploads", GEOJSON.getFileName().toString(), Files.readAllBytes(GEOJSON),
                Map.of("title", "村界2026"));
        assertThat(upload.statusCode()).as(upload.body()).isEqualTo(201);
        String id = JSON.readTree(upload.body()).get("id").asText();
        driver.manage().deleteAllCookies();
        Navigation.load(driver, server.url("/onboard"));
        waitFor("signin");
        driver.findElement(By.id("signin-name")).sendKeys("onboard-admin");
        driver.findElement(By.id("signin-password")).sendKeys(PASSWORD);
        driver.findElement(By.id("signin-submit")).click();
        waitFor("true");
        new Select(driver.findElement(By.id("onboard-target"))).selectByValue("villages");
        new Select(driver.findElement(By.id("onboard-source"))).selectByValue(id);
        driver.findElement(By.id("preview-button")).click();
        new WebDriverWait(driver, TIMEOUT).until(d -> js("return window.APP.preview") != null
                || String.valueOf(js("return window.APP.status")).startsWith("未完成"));
        assertThat(js("return window.APP.preview")).as(String.valueOf(js("return window.APP.status"))).isNotNull();
        assertThat(mappedTo("村名")).isEqualTo("name");
        assertThat(text("[data-diff=added]")).contains("新增 1", NEW_VILLAGE);
        new WebDriverWait(driver, TIMEOUT).until(d -> ((Number) js("return window.APP.layers.incoming")).intValue() == 3);
    }

    private static void preview(Path file) {
        new Select(driver.findElement(By.id("onboard-target"))).selectByValue("villages");
        driver.findElement(By.id("onboard-file")).sendKeys(file.toAbsolutePath().toString());
        driver.findElement(By.id("preview-button")).click();
        new WebDriverWait(driver, TIMEOUT).until(d -> js("return window.APP.preview") != null
                || String.valueOf(js("return window.APP.status")).startsWith("未完成"));
        assertThat(js("return window.APP.preview")).as(String.valueOf(js("return window.APP.status"))).isNotNull();
    }

    private static void repreview() {
        js("window.APP.previewSeen = window.APP.preview");
        driver.findElement(By.id("preview-button")).click();
        new WebDriverWait(driver, TIMEOUT).until(d -> js("return window.APP.preview !== window.APP.previewSeen") == Boolean.TRUE);
    }

    /** Apply, confirmed in the page's own confirmation; the layer's new version. */
    private static long apply() {
        driver.findElement(By.id("apply-button")).click();
        assertThat(text("#confirm-text")).startsWith("以“合并”方式写入图层“村（社区）”：新增 1，修改 2，删除 0。");
        driver.findElement(By.id("confirm-yes")).click();
        new WebDriverWait(driver, TIMEOUT).until(d -> js("return window.APP.lastApply") != null
                || String.valueOf(js("return window.APP.status")).startsWith("未完成"));
        assertThat(js("return window.APP.lastApply")).as(String.valueOf(js("return window.APP.status"))).isNotNull();
        long version = ((Number) js("return window.APP.lastApply.version")).longValue();
        new WebDriverWait(driver, TIMEOUT).until(d -> !d.findElements(
                By.cssSelector("#version-list li[data-version='" + version + "']")).isEmpty());
        return version;
    }

    private static void rollback(long version) {
        driver.findElement(By.cssSelector("button[data-rollback='" + version + "']")).click();
        assertThat(text("#confirm-text")).contains("版本 " + version + " 之前");
        driver.findElement(By.id("confirm-yes")).click();
        new WebDriverWait(driver, TIMEOUT).until(d -> {
            Object r = js("return window.APP.lastRollback && window.APP.lastRollback.restored");
            return r != null && ((Number) r).longValue() == version;
        });
        new WebDriverWait(driver, TIMEOUT).until(d -> !d.findElements(
                By.cssSelector("#version-list li[data-version='" + (version + 1) + "']")).isEmpty());
    }

    private static JsonNode ogr2ogr(Path zip) throws IOException, InterruptedException {
        Path out = Files.createTempFile("onboard-gdal", ".geojson");
        Files.delete(out);
        try {
            Process p = new ProcessBuilder("/usr/bin/ogr2ogr", "-f", "GeoJSON", "-t_srs", "EPSG:4490", out.toString(),
                    "/vsizip/" + zip.toAbsolutePath()).redirectErrorStream(true).start();
            String said = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).as(said).isZero();
            return JSON.readTree(Files.readString(out));
        } finally {
            Files.deleteIfExists(out);
        }
    }

    /** The distinct vertices of a (multi)polygon, rings' closing vertices left out. */
    private static List<double[]> vertices(JsonNode geometry) {
        List<double[]> out = new ArrayList<>();
        JsonNode polygons = "MultiPolygon".equals(geometry.get("type").asText()) ? geometry.get("coordinates")
                : JSON.createArrayNode().add(geometry.get("coordinates"));
        for (JsonNode polygon : polygons) {
            for (JsonNode ring : polygon) {
                for (int i = 0; i < ring.size() - 1; i++) {
                    out.add(new double[] {ring.get(i).get(0).asDouble(), ring.get(i).get(1).asDouble()});
                }
            }
        }
        return out;
    }

    private static JsonNode item(String id) throws IOException {
        var r = admin().get("/ogc/collections/villages/items/" + id); // poor_households: not public
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    private static ApiClient admin() {
        if (api == null) {
            api = server.client();
            assertThat(api.signIn("onboard-admin", PASSWORD).statusCode()).isEqualTo(200);
        }
        return api;
    }

    private static int poorHouseholds(String id) throws IOException {
        return item(id).at("/properties/poor_households").asInt();
    }

    private static WebElement row(String source) {
        return driver.findElement(By.cssSelector("#mapping-rows tr[data-source='" + source + "']"));
    }

    private static String mappedTo(String source) {
        return new Select(row(source).findElement(By.tagName("select"))).getFirstSelectedOption().getAttribute("value");
    }

    private static String count(String key) {
        return driver.findElement(By.cssSelector("[data-count=" + key + "] dd")).getText();
    }

    private static String text(String css) {
        return driver.findElement(By.cssSelector(css)).getText();
    }

    private static Object js(String script, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(script, args);
    }

    private static void waitFor(String ready) {
        new WebDriverWait(driver, TIMEOUT).until(d -> {
            Object r = js("return document.body && document.body.dataset.ready");
            if ("error".equals(r)) {
                throw new AssertionError("the page reports an error: " + js("return window.APP && window.APP.error"));
            }
            return ready.equals(r);
        });
    }

    private static void screenshot(String name) throws IOException {
        Path dir = Path.of("target", "screenshots");
        Files.createDirectories(dir);
        Files.write(dir.resolve(name), driver.getScreenshotAs(OutputType.BYTES));
    }
}
