package org.xiangtu.browser;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.logging.Level;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.xiangtu.catalog.Role;
import org.xiangtu.testing.Browser;
import org.xiangtu.testing.Navigation;
import org.xiangtu.testing.TestServer;

/**
 * The header every page shares (core/session-header.js), driven as a person does: a leader signs in from
 * the cockpit by typing into the header's form and clicking, sees the role badge and a figure the public
 * does not get; the planner keeps a leader signed in and shows the workspace read only; each page links to
 * the others the user may open; the keyboard's first Tab reaches the skip link; the place search finds a
 * town by its pinyin with the keyboard only and lands on it.
 */
class HeaderBrowserIT {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final Path SCREENSHOTS = Path.of("target", "screenshots");
    private static final JsonMapper JSON = new JsonMapper();
    private static final String LEADER = "leader-browser";
    private static final String PASSWORD = "leader-browser-password";

    private static TestServer server;
    private static Browser browser;
    private static ChromeDriver driver;

    @BeforeAll
    static void startServerAndBrowser() throws IOException {
        server = TestServer.start();
        server.addUser(LEADER, Role.LEADER, PASSWORD);
        browser = Browser.start(1400, 900);
        driver = browser.driver;
    }

    @AfterAll
    static void stopBrowserAndServer() throws IOException {
        Browser.closeWith(browser, server);
    }

    @BeforeEach
    void signedOut() {
        Navigation.load(driver, server.url("/"));
        driver.manage().deleteAllCookies();
        js("try { localStorage.clear(); } catch (e) {}");
    }

    @Test
    void a_leader_signs_in_on_the_cockpit_and_sees_the_badge_and_a_leader_only_figure() throws Exception {
        String village = villageWithWithheldFigures();
        open("/?village=" + village);
        assertThat(driver.findElement(By.id("role-badge")).getText()).isEqualTo("公众");
        List<WebElement> withheld = driver.findElements(By.cssSelector("#kpi-groups .xt-kpi--suppressed"));
        assertThat(withheld).as("figures withheld from the public").isNotEmpty();
        String withheldId = withheld.get(0).getAttribute("data-kpi-id");
        assertThat(links()).containsExactly("/screen");

        click(driver.findElement(By.id("signin-open")));
        WebElement name = driver.findElement(By.id("header-name"));
        assertThat(driver.switchTo().activeElement()).isEqualTo(name);
        name.sendKeys(LEADER);
        driver.findElement(By.id("header-password")).sendKeys(PASSWORD);
        click(driver.findElement(By.id("header-signin-submit")));

        wait(d -> "领导".equals(d.findElement(By.id("role-badge")).getText()));
        wait(d -> "true".equals(js("return document.body.dataset.ready"))
                && d.findElements(By.cssSelector("#kpi-groups .xt-kpi--suppressed")).isEmpty());
        assertThat(driver.findElement(By.id("user-name")).getText()).isEqualTo(LEADER);
        WebElement figure = driver.findElement(By.cssSelector("#kpi-groups [data-kpi-id='" + withheldId + "'] [data-ref=number]"));
        assertThat(figure.getText()).as("the leader-only figure").matches(".*\\d.*");
        assertThat(links()).containsExactly("/planner", "/screen");
        screenshot("header-cockpit-leader", "cockpit-header-leader.png");

        // the planner page keeps the leader signed in and shows what a leader may see, read only
        click(driver.findElement(By.cssSelector("#page-links [data-page=planner]")));
        wait(d -> "true".equals(js("return document.body.dataset.ready")));
        assertThat(driver.findElement(By.id("role-badge")).getText()).isEqualTo("领导");
        assertThat(driver.findElement(By.id("readonly-note")).isDisplayed()).isTrue();
        assertThat(driver.findElement(By.id("tools")).isDisplayed()).as("analysis column").isFalse();
        assertThat(driver.findElements(By.cssSelector("#layer-list li.xt-layer"))).isNotEmpty();
        assertThat(links()).containsExactly("/", "/screen");
        screenshot("header-planner-leader", null);
        assertThat(driver.findElement(By.cssSelector(".leaflet-control-zoom-in")).getAttribute("title")).isEqualTo("放大");

        click(driver.findElement(By.id("sign-out")));
        wait(d -> "signin".equals(js("return document.body.dataset.ready")));
        assertThat(driver.findElement(By.id("role-badge")).getText()).isEqualTo("公众");
    }

    @Test
    void a_wrong_password_says_so_in_the_header_form() {
        open("/");
        click(driver.findElement(By.id("signin-open")));
        driver.findElement(By.id("header-name")).sendKeys(LEADER);
        driver.findElement(By.id("header-password")).sendKeys("wrong", Keys.ENTER);
        wait(d -> d.findElement(By.id("header-signin-error")).isDisplayed());
        assertThat(driver.findElement(By.id("header-signin-error")).getText()).startsWith("登录失败");
        assertThat(driver.findElement(By.id("role-badge")).getText()).isEqualTo("公众");
    }

    @Test
    void the_first_tab_reaches_the_skip_link_which_moves_focus_to_the_figures() {
        open("/");
        new Actions(driver).sendKeys(Keys.TAB).perform();
        WebElement active = driver.switchTo().activeElement();
        assertThat(active.getAttribute("id")).isEqualTo("skip-link");
        assertThat(active.isDisplayed()).isTrue();
        new Actions(driver).sendKeys(Keys.ENTER).perform();
        wait(d -> "kpi-panel".equals(d.switchTo().activeElement().getAttribute("id")));
    }

    @Test
    void the_header_speaks_english() {
        open("/?lang=en");
        assertThat(driver.findElement(By.id("role-badge")).getText()).isEqualTo("Public");
        assertThat(driver.findElement(By.id("signin-open")).getText()).isEqualTo("Sign in");
        assertThat(driver.findElement(By.cssSelector("#page-links [data-page=screen]")).getText())
                .isEqualTo("Public display");
        assertThat(driver.findElement(By.cssSelector("#page-links [data-page=screen]")).getAttribute("href"))
                .endsWith("/screen?lang=en");
        new Actions(driver).sendKeys(Keys.TAB).perform();
        assertThat(driver.switchTo().activeElement().getText()).isEqualTo("Skip to main content");
    }

    @Test
    void a_town_is_found_by_its_pinyin_with_the_keyboard_alone_and_opens() {
        open("/");
        WebElement input = tabTo("search-input");
        input.sendKeys("shuang shan");
        wait(d -> !d.findElements(By.cssSelector("#search-results [role=option]")).isEmpty());
        WebElement first = driver.findElement(By.cssSelector("#search-results [role=option]"));
        assertThat(first.getAttribute("data-kind")).isEqualTo("town");
        assertThat(first.getText()).contains("双山镇");
        assertThat(input.getAttribute("aria-activedescendant")).isEqualTo(first.getAttribute("id"));
        new Actions(driver).sendKeys(Keys.ENTER).perform();
        wait(d -> "true".equals(js("return document.body.dataset.ready"))
                && "500151123000".equals(js("return window.APP.dashboard.scope.code")));
        assertThat(driver.getCurrentUrl()).contains("town=500151123000");
        assertThat(driver.findElement(By.id("breadcrumb")).getText()).contains("双山镇");
    }

    @Test
    void a_village_is_found_by_its_pinyin_and_english_shows_pinyin_names() throws IOException {
        open("/?lang=en");
        WebElement input = tabTo("search-input");
        input.sendKeys("Yanwan");
        wait(d -> !d.findElements(By.cssSelector("#search-results [data-kind=village]")).isEmpty());
        WebElement village = driver.findElement(By.cssSelector("#search-results [data-kind=village]"));
        assertThat(village.getText()).contains("Yanwan Village").contains("Shuangshan");
        new Actions(driver).sendKeys(Keys.ENTER).perform();
        wait(d -> "true".equals(js("return document.body.dataset.ready"))
                && "village".equals(js("return window.APP.dashboard.scope.level")));
        assertThat(js("return window.APP.dashboard.scope.name")).isEqualTo("岩湾村");
        // English names places in pinyin, with an ASCII colon and no "year" after a year
        WebElement card = driver.findElement(By.id("village-card"));
        assertThat(card.findElement(By.cssSelector(".xt-card__title")).getText()).isEqualTo("Yanwan Village (岩湾村)");
        assertThat(card.findElement(By.cssSelector(".xt-card__town")).getText()).isEqualTo("Town: Shuangshan Town");
        assertThat(card.getText()).doesNotContain("：").doesNotContainPattern("\\d year");
        @SuppressWarnings("unchecked")
        List<String> unitsOfOne = (List<String>) js("return window.APP.kpis.filter(k => k.number === '1').map(k => k.unit)");
        assertThat(unitsOfOne).as("units after a 1").isNotEmpty().noneMatch(u -> u.matches("villages|households|people"));
        assertThat(driver.findElement(By.id("breadcrumb")).getText()).contains("Tongliang District")
                .contains("Shuangshan Town").contains("Yanwan Village");
        screenshot("header-search-village-en", null);
    }

    @Test
    void on_a_phone_the_header_and_the_search_are_44_pixels_high_and_a_choice_scrolls_to_what_changed() {
        driver.manage().window().setSize(new org.openqa.selenium.Dimension(390, 844));
        try {
            open("/");
            for (String css : List.of("#search-input", "#signin-open", "#page-links a", "#lang-switch button")) {
                for (WebElement e : driver.findElements(By.cssSelector(css))) {
                    assertThat(e.getSize().getHeight()).as(css).isGreaterThanOrEqualTo(44);
                }
            }
            WebElement input = driver.findElement(By.id("search-input"));
            click(input);
            input.sendKeys("双山镇");
            wait(d -> !d.findElements(By.cssSelector("#search-results [role=option]")).isEmpty());
            click(driver.findElement(By.cssSelector("#search-results [role=option]")));
            wait(d -> "true".equals(js("return document.body.dataset.ready"))
                    && "500151123000".equals(js("return window.APP.dashboard.scope.code")));
            Number top = (Number) js("return document.getElementById('kpi-panel').getBoundingClientRect().top");
            assertThat(top.doubleValue()).as("the figures are in view").isBetween(-1.0, 844.0 - 40);
        } finally {
            driver.manage().window().setSize(new org.openqa.selenium.Dimension(1400, 900));
        }
    }

    @Test
    void the_theme_map_is_kept_in_the_address_a_shared_link_shows_it() {
        open("/");
        WebElement select = driver.findElement(By.cssSelector("select[name=theme]"));
        click(select);
        new org.openqa.selenium.support.ui.Select(select).selectByValue("income");
        wait(d -> d.getCurrentUrl().contains("theme=income"));
        String shared = driver.getCurrentUrl();
        open(shared.substring(shared.indexOf('/', "http://".length())));
        assertThat(js("return window.APP.theme")).isEqualTo("income");
        assertThat(new org.openqa.selenium.support.ui.Select(driver.findElement(By.cssSelector("select[name=theme]")))
                .getFirstSelectedOption().getAttribute("value")).isEqualTo("income");
    }

    // ---- helpers

    /** Presses Tab until the element with `id` has the focus (at most 40 times). */
    private static WebElement tabTo(String id) {
        for (int i = 0; i < 40; i++) {
            new Actions(driver).sendKeys(Keys.TAB).perform();
            WebElement active = driver.switchTo().activeElement();
            if (id.equals(active.getAttribute("id"))) {
                return active;
            }
        }
        throw new AssertionError("Tab never reached #" + id);
    }

    /** A village whose public dashboard withholds at least one figure (few households: privacy). */
    private static String villageWithWithheldFigures() throws IOException {
        JsonNode district = JSON.readTree(server.get("/api/dashboard").body());
        for (JsonNode row : district.path("villages")) {
            String code = row.path("code").asText();
            JsonNode village = JSON.readTree(server.get("/api/dashboard/villages/" + code).body());
            for (JsonNode kpi : village.path("kpis")) {
                if (kpi.path("suppressed").asBoolean()) {
                    return code;
                }
            }
        }
        throw new AssertionError("no village withholds a figure from the public");
    }

    private static List<String> links() {
        return driver.findElements(By.cssSelector("#page-links a")).stream()
                .map(a -> a.getAttribute("href").replace(server.url(""), "/").replaceAll("^//", "/").replaceAll("\\?.*$", ""))
                .toList();
    }

    private static void open(String path) {
        driver.manage().logs().get(LogType.BROWSER);
        Navigation.load(driver, server.url(path));
        wait(d -> "true".equals(js("return document.body.dataset.ready")));
        List<LogEntry> errors = driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue()).toList();
        assertThat(errors).extracting(LogEntry::getMessage).isEmpty();
    }

    private static void click(WebElement element) {
        new Actions(driver).moveToElement(element).click().perform();
    }

    private static void wait(java.util.function.Function<org.openqa.selenium.WebDriver, Boolean> condition) {
        new WebDriverWait(driver, TIMEOUT).until(condition::apply);
    }

    private static Object js(String script, Object... args) {
        return driver.executeScript(script, args);
    }

    /** Saves a screenshot under target/screenshots, and into docs/ when `docsName` is given. */
    private static void screenshot(String name, String docsName) throws IOException {
        byte[] png = driver.getScreenshotAs(OutputType.BYTES);
        Files.createDirectories(SCREENSHOTS);
        Files.write(SCREENSHOTS.resolve(name + ".png"), png);
        if (docsName != null) {
            Files.write(Path.of("docs", docsName), png);
        }
    }
}
