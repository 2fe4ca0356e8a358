package org.xiangtu.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.xiangtu.catalog.Group;
import org.xiangtu.catalog.I18n;
import org.xiangtu.catalog.LayerDef;
import org.xiangtu.catalog.Role;
import org.xiangtu.testing.Browser;
import org.xiangtu.testing.Navigation;
import org.xiangtu.testing.TestServer;

/**
 * One layer, one name (issue 15, "Words"): the cockpit, the planners' workspace and the wall screen, in
 * Chinese and in English (switched with the language buttons, as a person does), name every layer and layer
 * group by the catalogue's title, and English calls a 街道 a "subdistrict" and never a "street".
 */
class LayerNamesBrowserIT {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final String PLANNER = "names-planner";
    /** The planner's running measure while drawing (vertices, perimeter, area). */
    private static final String MEASURE = "draw-measure";
    private static final String PASSWORD = "names-planner-password";
    /** English words for 街道 other than the chosen "subdistrict". */
    private static final String OTHER_STREET_WORDS = "\\b(streets?|sub-district|neighbou?rhoods?)\\b";
    /** Every visible text and every tooltip or accessible name in the page (what a person may read). */
    private static final String PAGE_WORDS = """
            const words = [document.title, document.body.innerText];
            for (const n of document.querySelectorAll('[title], [aria-label], [placeholder]')) {
              words.push(n.getAttribute('title') || '', n.getAttribute('aria-label') || '', n.getAttribute('placeholder') || '');
            }
            return words.join('\\n');""";

    private static TestServer server;
    private static Browser browser;
    private static ChromeDriver driver;

    @BeforeAll
    static void startServerAndBrowser() throws IOException {
        server = TestServer.start();
        server.addUser(PLANNER, Role.PLANNER, PASSWORD);
        browser = Browser.start(1400, 900);
        driver = browser.driver;
    }

    @AfterAll
    static void stopBrowserAndServer() throws IOException {
        Browser.closeWith(browser, server);
    }

    @Test
    void the_cockpit_names_each_layer_and_group_by_the_catalogue_in_both_languages() {
        for (String lang : List.of("zh", "en")) {
            Navigation.load(driver, server.url("/"));
            waitReady();
            chooseLanguage(lang);

            // the layer list: every entry is its layer's title, every group its group's title
            @SuppressWarnings("unchecked")
            List<Map<String, String>> items = (List<Map<String, String>>) js("""
                    return [...document.querySelectorAll('.xt-switcher__item')].map(l => ({
                      id: l.querySelector('input').dataset.layerId,
                      text: l.querySelector('.xt-switcher__item-title').textContent}))""");
            assertThat(items).as("layer list (%s)", lang).isNotEmpty();
            for (Map<String, String> item : items) {
                assertThat(item.get("text")).as("layer list entry %s (%s)", item.get("id"), lang)
                        .isEqualTo(layerTitle(item.get("id"), lang));
            }
            @SuppressWarnings("unchecked")
            List<Map<String, String>> groups = (List<Map<String, String>>) js("""
                    return [...document.querySelectorAll('.xt-switcher__group')].map(g => ({
                      id: g.dataset.groupId, text: g.querySelector('legend').textContent}))""");
            for (Map<String, String> group : groups) {
                assertThat(group.get("text")).as("layer group %s (%s)", group.get("id"), lang)
                        .isEqualTo(groupTitle(group.get("id"), lang));
            }

            // the legend names layers only by their titles
            @SuppressWarnings("unchecked")
            List<String> legend = (List<String>) js(
                    "return [...document.querySelectorAll('.xt-legend__layer-title')].map(n => n.textContent)");
            assertThat(legend).as("legend layer titles (%s)", lang).isNotEmpty().allSatisfy(title ->
                    assertThat(allLayerTitles(lang)).contains(title));

            // the figures' groups that are catalogue groups carry the catalogue's title
            @SuppressWarnings("unchecked")
            List<Map<String, String>> kpiGroups = (List<Map<String, String>>) js("""
                    return [...document.querySelectorAll('#kpi-groups section[data-group]')].map(s => ({
                      id: s.dataset.group, text: s.querySelector('h3').textContent}))""");
            long named = 0;
            for (Map<String, String> group : kpiGroups) {
                String title = groupTitleOrNull(group.get("id"), lang);
                if (title != null) {
                    named++;
                    assertThat(group.get("text")).as("figures group %s (%s)", group.get("id"), lang).isEqualTo(title);
                }
            }
            assertThat(named).as("figure groups named by the catalogue (%s)", lang).isGreaterThanOrEqualTo(4);

            // the list of towns under the district is headed by the towns layer's title
            String towns = layerTitle("towns", lang);
            WebElement heading = driver.findElement(By.cssSelector("#children .xt-children__title"));
            assertThat(heading.getText()).as("children heading (%s)", lang)
                    .startsWith(towns + ("zh".equals(lang) ? "（" : " ("));

            // the place search says what a hit is with the layer's title
            WebElement search = driver.findElement(By.id("search-input"));
            new Actions(driver).moveToElement(search).click().perform();
            search.sendKeys("shuangshan");
            new WebDriverWait(driver, Duration.ofSeconds(10)).until(d ->
                    !d.findElements(By.cssSelector(".xt-search__option[data-kind='town'] .xt-search__where")).isEmpty());
            String where = driver.findElement(By.cssSelector(".xt-search__option[data-kind='town'] .xt-search__where")).getText();
            assertThat(where).as("search hit kind (%s)", lang).startsWith(towns);
            screenshot("names-cockpit-" + lang + ".png");
            search.clear();

            assertOnlyTheChosenWordForStreets("cockpit", lang);
        }
    }

    @Test
    void the_planner_names_each_layer_by_the_catalogue_in_both_languages() {
        openPlannerSignedIn();
        for (String lang : List.of("zh", "en")) {
            chooseLanguage(lang);
            @SuppressWarnings("unchecked")
            List<Map<String, String>> layers = (List<Map<String, String>>) js("""
                    return [...document.querySelectorAll('.xt-layer[data-layer]')].map(l => ({
                      id: l.dataset.layer, text: l.querySelector('.xt-layer__name').textContent.trim()}))""");
            List<String> catalogued = layers.stream().map(l -> l.get("id"))
                    .filter(id -> server.catalog.layer(id).isPresent()).toList();
            assertThat(catalogued).as("catalogue layers listed (%s)", lang).hasSizeGreaterThanOrEqualTo(8);
            for (Map<String, String> layer : layers) {
                if (server.catalog.layer(layer.get("id")).isPresent()) {
                    assertThat(layer.get("text")).as("planner layer %s (%s)", layer.get("id"), lang)
                            .isEqualTo(layerTitle(layer.get("id"), lang));
                }
            }
            @SuppressWarnings("unchecked")
            List<String> exportable = (List<String>) js(
                    "return [...document.querySelectorAll('#export-layer option')].map(o => o.value + '=' + o.textContent)");
            for (String option : exportable) {
                String id = option.substring(0, option.indexOf('='));
                if (server.catalog.layer(id).isPresent()) {
                    assertThat(option).as("export layer (%s)", lang).isEqualTo(id + "=" + layerTitle(id, lang));
                }
            }
            screenshot("names-planner-" + lang + ".png");
            if ("en".equals(lang)) {
                // after the switch nothing the workspace wrote itself stays Chinese: the map's note, the
                // results' hint, the town labels (their pinyin)
                for (String css : List.of(".leaflet-control-attribution", "#results")) {
                    assertThat(driver.findElement(By.cssSelector(css)).getText()).as("%s in English", css)
                            .doesNotContainPattern("\\p{IsHan}");
                }
                @SuppressWarnings("unchecked")
                List<String> labels = (List<String>) js(
                        "return [...document.querySelectorAll('.xt-label--towns .xt-label__text')].map(n => n.textContent)");
                assertThat(labels).as("town labels in English").isNotEmpty()
                        .allSatisfy(label -> assertThat(label).doesNotContainPattern("\\p{IsHan}"));
            }
            assertOnlyTheChosenWordForStreets("planner", lang);
        }
    }

    @Test
    void zoom_buttons_and_drawing_tooltips_speak_the_interface_language() {
        Map<String, List<String>> zoom = Map.of("zh", List.of("放大", "缩小"), "en", List.of("Zoom in", "Zoom out"));
        for (String lang : List.of("zh", "en")) {
            Navigation.load(driver, server.url("/"));
            waitReady();
            chooseLanguage(lang);
            assertZoomTitles("cockpit", zoom.get(lang));
        }
        openPlannerSignedIn();
        for (String lang : List.of("zh", "en")) {
            chooseLanguage(lang);
            assertZoomTitles("planner", zoom.get(lang));
            // start an area with the mouse and click two corners: the guidance shown while drawing, the
            // buttons and every tooltip of the map and the drawing tools are in the interface language
            WebElement tool = driver.findElement(By.cssSelector("[data-draw='polygon']"));
            new Actions(driver).moveToElement(tool).click().perform();
            WebElement map = driver.findElement(By.id("map"));
            new Actions(driver).moveToElement(map, -60, -40).click().pause(Duration.ofMillis(300))
                    .moveToElement(map, 60, -30).click().pause(Duration.ofMillis(300)).moveToElement(map, 30, 50).perform();
            new WebDriverWait(driver, Duration.ofSeconds(5)).until(d ->
                    d.findElement(By.id(MEASURE)).getText().contains("zh".equals(lang) ? "2 个节点" : "2 points"));
            String words = (String) js("""
                    const root = [document.getElementById('draw-hint'), document.getElementById('tools'), document.getElementById('map')];
                    const out = [root[0].innerText, document.getElementById('%s').innerText];
                    for (const r of root.slice(1)) {
                      for (const n of r.querySelectorAll('button:not([hidden]), [title], [aria-label]')) {
                        if (n.closest('.leaflet-control-attribution')) continue;
                        out.push(n.getAttribute('title') || '', n.getAttribute('aria-label') || '', n.matches('button') ? n.textContent : '');
                      }
                    }
                    return out.filter(w => w.trim()).join('\\n');""".formatted(MEASURE));
            if ("zh".equals(lang)) {
                assertThat(words).as("drawing words in Chinese").containsPattern("\\p{IsHan}")
                        .doesNotContainPattern("\\b(?!Esc\\b)[A-Za-z]{3,}");
            } else {
                assertThat(words).as("drawing words in English").doesNotContainPattern("\\p{IsHan}{2,}")
                        .containsPattern("[A-Za-z]{3,}");
            }
            new Actions(driver).sendKeys(org.openqa.selenium.Keys.ESCAPE).perform();
            new WebDriverWait(driver, Duration.ofSeconds(5)).until(d ->
                    !d.findElement(By.id(MEASURE)).getText().contains("zh".equals(lang) ? "2 个节点" : "2 points"));
        }
        Navigation.load(driver, server.url("/screen?paused=1&lang=zh"));
        new WebDriverWait(driver, TIMEOUT).until(d -> "true".equals(js("return document.body.dataset.ready")));
        assertThat(driver.findElements(By.cssSelector(".leaflet-control-zoom"))).as("the wall screen has no zoom buttons")
                .isEmpty();
    }

    @Test
    void the_wall_screen_names_the_layers_by_the_catalogue_in_both_languages() {
        for (String lang : List.of("zh", "en")) {
            Navigation.load(driver, server.url("/screen?paused=1&scenes=greenway&lang=" + lang));
            new WebDriverWait(driver, TIMEOUT).until(d -> "true".equals(js("return document.body.dataset.ready")));
            new WebDriverWait(driver, Duration.ofSeconds(10)).until(d ->
                    !"".equals(js("return document.getElementById('chart-title').textContent")));
            // the greenway chart's bars are the villages, the industry bases and the towns: named as their layers
            @SuppressWarnings("unchecked")
            List<String> bars = (List<String>) js("""
                    const chart = window.echarts.getInstanceByDom(document.getElementById('chart'));
                    const axes = [].concat(chart.getOption().yAxis || [], chart.getOption().xAxis || []);
                    return axes.flatMap(a => a.data || []).map(d => typeof d === 'string' ? d : d.value)""");
            assertThat(bars).as("greenway chart bars (%s)", lang)
                    .containsExactlyInAnyOrder(layerTitle("villages", lang), layerTitle("industry_bases", lang),
                            layerTitle("towns", lang));
            assertOnlyTheChosenWordForStreets("screen", lang);
        }
    }

    // ---- helpers

    private static void assertOnlyTheChosenWordForStreets(String page, String lang) {
        if (!"en".equals(lang)) {
            return;
        }
        String words = (String) js(PAGE_WORDS);
        List<String> found = new ArrayList<>();
        var matcher = java.util.regex.Pattern.compile(OTHER_STREET_WORDS, java.util.regex.Pattern.CASE_INSENSITIVE)
                .matcher(words);
        while (matcher.find()) {
            int from = Math.max(0, matcher.start() - 30);
            found.add(words.substring(from, Math.min(words.length(), matcher.end() + 30)).replace('\n', ' '));
        }
        assertThat(found).as("English words for 街道 other than \"subdistrict\" on the %s", page).isEmpty();
        assertThat(words).as("the %s in English names the towns layer", page).contains(layerTitle("towns", "en"));
    }

    private static void assertZoomTitles(String page, List<String> titles) {
        new WebDriverWait(driver, Duration.ofSeconds(5)).until(d -> titles.get(0).equals(
                d.findElement(By.cssSelector(".leaflet-control-zoom-in")).getAttribute("title")));
        assertThat(driver.findElement(By.cssSelector(".leaflet-control-zoom-out")).getAttribute("title"))
                .as("zoom-out title on the %s", page).isEqualTo(titles.get(1));
    }

    /** Clicks the header's language button as a person does (if that language is not on already). */
    private static void chooseLanguage(String lang) {
        String html = "zh".equals(lang) ? "zh-CN" : "en";
        if (!html.equals(js("return document.documentElement.lang"))) {
            WebElement button = driver.findElement(By.cssSelector("#lang-switch [data-lang='" + lang + "']"));
            new Actions(driver).moveToElement(button).click().perform();
        }
        new WebDriverWait(driver, Duration.ofSeconds(10)).until(d -> html.equals(js("return document.documentElement.lang"))
                && !"false".equals(js("return document.body.dataset.ready")));
    }

    /** Opens the planners' workspace, signing in through its form unless the session is still open. */
    private static void openPlannerSignedIn() {
        Navigation.load(driver, server.url("/planner"));
        new WebDriverWait(driver, TIMEOUT).until(d ->
                List.of("true", "signin").contains(js("return document.body && document.body.dataset.ready")));
        if ("signin".equals(js("return document.body.dataset.ready"))) {
            driver.findElement(By.id("signin-name")).sendKeys(PLANNER);
            driver.findElement(By.id("signin-password")).sendKeys(PASSWORD);
            driver.findElement(By.id("signin-submit")).click();
        }
        waitForReady("true");
    }

    private static void screenshot(String name) {
        try {
            java.nio.file.Path dir = java.nio.file.Path.of("target", "screenshots");
            java.nio.file.Files.createDirectories(dir);
            java.nio.file.Files.write(dir.resolve(name), driver.getScreenshotAs(org.openqa.selenium.OutputType.BYTES));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void waitReady() {
        waitForReady("true");
    }

    private static void waitForReady(String ready) {
        new WebDriverWait(driver, TIMEOUT).until(d -> {
            Object r = js("return document.body && document.body.dataset.ready");
            if ("error".equals(r)) {
                throw new AssertionError("the page reports an error");
            }
            return ready.equals(r);
        });
    }

    private static String layerTitle(String id, String lang) {
        return text(server.catalog.layer(id).orElseThrow(() -> new AssertionError("no layer " + id)).title(), lang);
    }

    private static Set<String> allLayerTitles(String lang) {
        return server.catalog.layers().stream().map(LayerDef::title).map(t -> text(t, lang)).collect(Collectors.toSet());
    }

    private static String groupTitle(String id, String lang) {
        String title = groupTitleOrNull(id, lang);
        assertThat(title).as("catalogue group %s", id).isNotNull();
        return title;
    }

    private static String groupTitleOrNull(String id, String lang) {
        return server.catalog.groups().stream().filter(g -> g.id().equals(id)).findFirst()
                .map(Group::title).map(t -> text(t, lang)).orElse(null);
    }

    private static String text(I18n text, String lang) {
        return "en".equals(lang) && text.en() != null ? text.en() : text.zh();
    }

    private static Object js(String script) {
        return driver.executeScript(script);
    }
}
