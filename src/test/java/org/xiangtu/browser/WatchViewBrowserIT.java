package org.xiangtu.browser;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
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
import org.xiangtu.testing.ApiClient;
import org.xiangtu.testing.Browser;
import org.xiangtu.testing.Navigation;
import org.xiangtu.testing.TestServer;

/**
 * The cockpit's relapse-watch view (docs/relapse-watch.md "Watch view"), driven as a leader does: signs in
 * with the mouse and keyboard, opens the view from the header, reads the KPIs (equal to the API's), drills
 * into the town with most open alerts from the ranked list and on into a village, and sees its households'
 * alerts; the public cockpit never shows the view nor a household list, even with the view's shared link.
 */
class WatchViewBrowserIT {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final Path SCREENSHOTS = Path.of("target", "screenshots");
    private static final String LEADER = "watch-view-leader";
    private static final String PASSWORD = "watch-view-password";

    private static TestServer server;
    private static Browser browser;
    private static ChromeDriver driver;

    @BeforeAll
    static void startServerAndBrowser() throws IOException {
        server = TestServer.start();
        server.addUser(LEADER, Role.LEADER, PASSWORD);
        browser = Browser.start(1400, 1000);
        driver = browser.driver;
    }

    @AfterAll
    static void stopBrowserAndServer() throws IOException {
        Browser.closeWith(browser, server);
    }

    @Test
    void a_leader_opens_the_watch_view_and_drills_down_to_a_villages_alerts() throws Exception {
        open("/");
        assertThat(driver.findElement(By.id("watch-button")).isDisplayed()).as("public: no watch button").isFalse();
        click(driver.findElement(By.id("signin-open")));
        driver.findElement(By.id("header-name")).sendKeys(LEADER);
        new Actions(driver).sendKeys(Keys.TAB).perform();
        new Actions(driver).sendKeys(PASSWORD, Keys.ENTER).perform();
        wait(d -> "领导".equals(d.findElement(By.id("role-badge")).getText())
                && d.findElement(By.id("watch-button")).isDisplayed());
        wait(d -> "true".equals(js("return document.body.dataset.ready")));

        click(driver.findElement(By.id("watch-button")));
        wait(d -> "true".equals(js("return document.body.dataset.watchReady"))
                && d.findElement(By.id("watch-panel")).isDisplayed());
        assertThat(driver.getCurrentUrl()).contains("view=watch");
        assertThat(driver.findElement(By.id("watch-button")).getAttribute("aria-pressed")).isEqualTo("true");
        ApiClient leader = server.client();
        assertThat(leader.signIn(LEADER, PASSWORD).statusCode()).isEqualTo(200);
        String asOf = (String) js("return window.APP.dashboard.asOf");
        JsonNode district = ApiClient.json(leader.get("/api/watch/summary?asOf=" + asOf));
        checkKpis(district);
        assertThat(driver.findElement(By.id("notice")).isDisplayed()).as("the synthetic-data notice").isTrue();
        assertThat(driver.findElements(By.cssSelector("#watch-units button"))).hasSize(district.get("units").size());
        assertThat(js("return window.APP.watch.shown")).isEqualTo(true);
        assertThat(js("return [...document.querySelectorAll('select.xt-theme__select')]"
                + ".filter(s => s.offsetParent !== null && !s.selectedOptions[0]?.textContent).length"))
                .as("no empty theme choice while the map shows the watch's metric").isEqualTo(0L);
        screenshot("watch-view-district", "watch-view-district.png");

        // live: a cadre verifies an open alert; the view fetches its figures again by itself (/events `watch`)
        JsonNode open = ApiClient.json(leader.get("/api/watch/alerts?status=open&limit=1")).get("alerts").get(0);
        String cadreName = open.get("cadre").asText();
        server.addUser(cadreName, Role.CADRE, PASSWORD);
        ApiClient cadre = server.client();
        assertThat(cadre.signIn(cadreName, PASSWORD).statusCode()).isEqualTo(200);
        long updates = ((Number) js("return window.APP.liveUpdates")).longValue();
        assertThat(cadre.send("POST", "/api/field/alerts/" + open.get("id").asText() + "/verify",
                "{\"confirmed\": false, \"note\": \"visited: income back above the line\"}",
                Map.of("X-CSRF-Token", cadre.csrf())).statusCode()).isEqualTo(200);
        wait(d -> ((Number) js("return window.APP.liveUpdates")).longValue() > updates
                && "true".equals(js("return document.body.dataset.ready")));
        String asOfNow = (String) js("return window.APP.dashboard.asOf");
        checkKpis(ApiClient.json(leader.get("/api/watch/summary?asOf=" + asOfNow)));
        district = ApiClient.json(leader.get("/api/watch/summary?asOf=" + asOfNow));

        // the town with most open alerts heads the list: a click opens it
        WebElement first = driver.findElement(By.cssSelector("#watch-units button"));
        String town = first.getAttribute("data-code");
        long mostOpen = 0;
        for (JsonNode u : district.get("units")) {
            mostOpen = Math.max(mostOpen, u.get("open").asLong());
        }
        JsonNode firstUnit = unit(district, town);
        assertThat(firstUnit.get("open").asLong()).isEqualTo(mostOpen);
        click(first);
        wait(d -> "true".equals(js("return document.body.dataset.ready"))
                && town.equals(js("return window.APP.dashboard.scope.code"))
                && town.equals(js("return window.APP.watch.summary && window.APP.watch.summary.scope.code")));
        assertThat(driver.getCurrentUrl()).contains("town=" + town).contains("view=watch");
        JsonNode townSummary = ApiClient.json(leader.get("/api/watch/summary?asOf=" + js("return window.APP.dashboard.asOf") + "&scope=" + town));
        checkKpis(townSummary);
        assertThat(driver.findElements(By.cssSelector("#watch-alerts tr"))).as("no household list above a village").isEmpty();

        // its first village with alerts, by the keyboard: focus the row and press Enter
        WebElement row = driver.findElement(By.cssSelector("#watch-units button"));
        String village = row.getAttribute("data-code");
        js("arguments[0].scrollIntoView({block: 'center'}); arguments[0].focus();", row);
        new Actions(driver).sendKeys(Keys.ENTER).perform();
        wait(d -> "true".equals(js("return document.body.dataset.ready"))
                && village.equals(js("return window.APP.watch.summary && window.APP.watch.summary.scope.code")));
        JsonNode villageSummary = ApiClient.json(leader.get("/api/watch/summary?asOf=" + js("return window.APP.dashboard.asOf") + "&scope=" + village));
        checkKpis(villageSummary);
        List<String> shown = new ArrayList<>();
        driver.findElements(By.cssSelector("#watch-alerts tbody tr")).forEach(r -> shown.add(r.getAttribute("data-household")));
        List<String> expected = new ArrayList<>();
        villageSummary.get("alerts").forEach(a -> expected.add(a.get("household_code").asText()));
        assertThat(shown).isNotEmpty().containsExactlyInAnyOrderElementsOf(expected);
        js("document.getElementById('watch-alerts').scrollIntoView({block: 'center'})");
        screenshot("watch-view-village", "watch-view-village.png");
        String household = shown.get(0);

        // English: the same figures, the view's words in English
        click(driver.findElement(By.cssSelector("#lang-switch [data-lang=en]")));
        wait(d -> d.findElement(By.id("watch-title")).getText().startsWith("Relapse watch"));
        checkKpis(villageSummary);
        click(driver.findElement(By.cssSelector("#lang-switch [data-lang=zh]")));

        // the public, even with the leader's shared link, gets no watch view and no household
        String shared = driver.getCurrentUrl();
        click(driver.findElement(By.id("sign-out")));
        wait(d -> "公众".equals(d.findElement(By.id("role-badge")).getText()));
        open(shared.substring(shared.indexOf('/', "http://".length())));
        Thread.sleep(500);
        assertThat(driver.findElement(By.id("watch-panel")).isDisplayed()).isFalse();
        assertThat(driver.findElement(By.id("watch-button")).isDisplayed()).isFalse();
        assertThat(driver.findElements(By.cssSelector("#watch-alerts tr"))).isEmpty();
        assertThat(driver.getPageSource()).doesNotContain(household);
    }

    private static JsonNode unit(JsonNode summary, String code) {
        for (JsonNode u : summary.get("units")) {
            if (u.get("code").asText().equals(code)) {
                return u;
            }
        }
        throw new AssertionError("no unit " + code);
    }

    /** The KPIs shown equal the summary's totals. */
    private static void checkKpis(JsonNode summary) {
        Map<String, String> shown = new HashMap<>();
        for (WebElement box : driver.findElements(By.cssSelector("#watch-kpis [data-kpi]"))) {
            shown.put(box.getAttribute("data-kpi"), box.findElement(By.cssSelector("[data-value]")).getAttribute("data-value"));
            assertThat(box.getText()).as("a figure is shown").isNotBlank();
        }
        JsonNode t = summary.get("totals");
        assertThat(shown.get("monitored")).isEqualTo(t.get("households_monitored").asText());
        assertThat(shown.get("open")).isEqualTo(t.get("open_alerts").asText());
        assertThat(shown.get("overdue")).isEqualTo(t.get("overdue_alerts").asText());
        if (t.get("avg_days_to_verify").isNull()) {
            assertThat(shown.get("avgDays")).isEmpty();
        } else {
            assertThat(Double.parseDouble(shown.get("avgDays"))).isEqualTo(t.get("avg_days_to_verify").asDouble());
        }
        String number = driver.findElement(By.cssSelector("#watch-kpis [data-kpi=open] .xt-watch__number")).getText();
        assertThat(number.replace(",", "")).isEqualTo(t.get("open_alerts").asText());
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
        js("arguments[0].scrollIntoView({block: 'center'})", element);
        new Actions(driver).moveToElement(element).click().perform();
    }

    private static void wait(java.util.function.Function<org.openqa.selenium.WebDriver, Boolean> condition) {
        new WebDriverWait(driver, TIMEOUT).until(condition::apply);
    }

    private static Object js(String script, Object... args) {
        return driver.executeScript(script, args);
    }

    private static void screenshot(String name, String docsName) throws IOException {
        byte[] png = driver.getScreenshotAs(OutputType.BYTES);
        Files.createDirectories(SCREENSHOTS);
        Files.write(SCREENSHOTS.resolve(name + ".png"), png);
        if (docsName != null) {
            Files.write(Path.of("docs", docsName), png);
        }
    }
}
