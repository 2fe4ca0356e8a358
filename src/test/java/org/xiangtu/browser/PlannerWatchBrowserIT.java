package org.xiangtu.browser;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.locationtech.jts.geom.Envelope;
import java.util.Locale;
import java.util.Map;
import org.xiangtu.catalog.Role;
import org.xiangtu.testing.ApiClient;
import org.xiangtu.testing.Browser;
import org.xiangtu.testing.Navigation;
import org.xiangtu.testing.Phone;
import org.xiangtu.testing.TestServer;

/**
 * The relapse watch on the planners' workspace (issue 17, item 4): a planner signs in with the keyboard, picks
 * the water works layer and 1,000 m, and counts the households at risk farther away by town. The table equals
 * /api/watch/reach town by town (withheld counts shown as "—"), the map shades each town of the answer
 * (withheld ones hatched), and the page holds no household code. A drawing around the county and a proposed water
 * works show the households at risk in the results panel (防返贫, marked 合成数据), figure by figure as
 * /api/analysis/within and /whatif give them, withheld ones as "—", in Chinese and in English.
 */
class PlannerWatchBrowserIT {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final String PASSWORD = "planner-watch-password";
    private static TestServer server;
    private static Browser browser;
    private static ChromeDriver driver;

    @BeforeAll
    static void start() throws IOException {
        server = TestServer.start();
        server.addUser("watch-planner", Role.PLANNER, PASSWORD);
        browser = Browser.start(1400, 900);
        driver = browser.driver;
    }

    @AfterAll
    static void stop() throws IOException {
        Browser.closeWith(browser, server);
    }

    @Test
    void a_planner_counts_households_at_risk_far_from_water_by_town() throws Exception {
        signIn();
        waitForWorkspace();
        WebElement section = driver.findElement(By.id("watch-reach"));
        driver.executeScript("arguments[0].scrollIntoView({block: 'start'})", section);
        new Select(driver.findElement(By.id("watch-reach-layer"))).selectByValue("water_works");
        assertThat(new Select(driver.findElement(By.id("watch-reach-layer"))).getFirstSelectedOption().getText())
                .isEqualTo("供水工程");
        WebElement distance = driver.findElement(By.id("watch-reach-distance"));
        distance.click();
        distance.sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.BACK_SPACE, "1000");
        driver.findElement(By.id("watch-reach-submit")).click();
        Phone.waitFor(driver, TIMEOUT, "return document.querySelectorAll('#watch-reach-table tr[data-town]').length > 0");

        ApiClient api = server.client();
        assertThat(api.signIn("watch-planner", PASSWORD).statusCode()).isEqualTo(200);
        JsonNode answer = ApiClient.json(api.get("/api/watch/reach?layer=water_works&distance=1000"));
        List<WebElement> rows = driver.findElements(By.cssSelector("#watch-reach-table tr[data-town]"));
        assertThat(rows).hasSize(answer.get("towns").size());
        int withheld = 0;
        for (int i = 0; i < rows.size(); i++) {
            JsonNode town = answer.get("towns").get(i);
            List<String> cells = new ArrayList<>();
            rows.get(i).findElements(By.tagName("td")).forEach(td -> cells.add(td.getText()));
            assertThat(cells.get(0)).isEqualTo(town.get("name").asText());
            assertThat(cells.get(1)).isEqualTo(town.get("at_risk").isNull() ? "—" : town.get("at_risk").asText());
            assertThat(cells.get(2)).isEqualTo(town.get("farther").isNull() ? "—" : town.get("farther").asText());
            withheld += town.get("farther").isNull() ? 1 : 0;
        }
        assertThat(driver.findElement(By.id("watch-reach-status")).getText())
                .contains(answer.get("at_risk").isNull() ? "—" : answer.get("at_risk").asText()).contains("供水工程");
        assertThat(driver.findElements(By.cssSelector("path.xt-watch-town"))).as("every town of the answer shaded")
                .hasSize(answer.get("towns").size());
        assertThat(driver.findElements(By.cssSelector("path.xt-watch-town--withheld"))).hasSize(withheld);
        assertThat(driver.getPageSource()).doesNotContain("household_code").doesNotContain("5001510030010001");
        Path dir = Path.of("target", "screenshots");
        Files.createDirectories(dir);
        Files.write(dir.resolve("planner-watch-reach.png"), driver.getScreenshotAs(OutputType.BYTES));
    }

    private static void signIn() {
        Navigation.load(driver, server.url("/planner"));
        // signed in already (an earlier test's session): the workspace starts; else the form shows
        Phone.waitFor(driver, TIMEOUT, "const n = document.getElementById('signin-name');"
                + " return (n !== null && n.offsetParent !== null) || document.body.dataset.ready === 'true'");
        if ("true".equals(driver.executeScript("return document.body.dataset.ready"))) {
            return;
        }
        driver.findElement(By.id("signin-name")).click();
        driver.findElement(By.id("signin-name")).sendKeys("watch-planner");
        driver.findElement(By.id("signin-password")).click();
        driver.findElement(By.id("signin-password")).sendKeys(PASSWORD, Keys.ENTER);
    }

    private static void waitForWorkspace() {
        Phone.waitFor(driver, TIMEOUT, "return document.body.dataset.ready === 'true' "
                + "&& !document.getElementById('watch-reach').hidden");
    }

    @Test
    void a_drawing_and_a_water_works_show_the_households_at_risk_in_the_results() throws Exception {
        signIn();
        waitForWorkspace();
        Envelope county = new Envelope();
        server.store.features("district", org.xiangtu.store.FeatureQuery.all(List.of(), 10)).features()
                .forEach(d -> county.expandToInclude(d.geometry().getEnvelopeInternal()));
        String box = String.format(Locale.ROOT,
                "{\"type\":\"Polygon\",\"coordinates\":[[[%.6f,%.6f],[%.6f,%.6f],[%.6f,%.6f],[%.6f,%.6f],[%.6f,%.6f]]]}",
                county.getMinX(), county.getMinY(), county.getMaxX(), county.getMinY(), county.getMaxX(),
                county.getMaxY(), county.getMinX(), county.getMaxY(), county.getMinX(), county.getMinY());
        driver.executeScript("window.APP.setMode('within')");
        ask("window.APP.draw(" + box + ")");
        ApiClient api = server.client();
        assertThat(api.signIn("watch-planner", PASSWORD).statusCode()).isEqualTo(200);
        JsonNode sent = ApiClient.json(api.send("POST", "/api/analysis/within", "{\"distance\":0,\"geometry\":"
                + driver.executeScript("return JSON.stringify(window.APP.request.body.geometry)") + "}",
                Map.of("X-CSRF-Token", api.csrf())));
        JsonNode watch = sent.get("watch");
        WebElement section = driver.findElement(By.cssSelector("#results [data-section=watch]"));
        driver.executeScript("arguments[0].scrollIntoView({block: 'start'})", section);
        assertThat(section.isDisplayed()).isTrue();
        assertThat(section.findElement(By.tagName("h3")).getText()).contains("防返贫", "合成数据");
        int withheld = 0;
        int published = 0;
        Map<String, JsonNode> figures = new java.util.LinkedHashMap<>();
        for (String key : List.of("households", "with_open_alert", "monitored_only")) {
            figures.put(key, watch.get(key));
        }
        watch.get("by_tier").forEach(t -> figures.put("by_tier." + t.get("tier").asText(), t.get("households")));
        watch.get("by_rule").forEach(r -> figures.put("by_rule." + r.get("rule").asText(), r.get("households")));
        for (Map.Entry<String, JsonNode> f : figures.entrySet()) {
            WebElement dd = section.findElement(By.cssSelector("[data-stat='watch." + f.getKey() + "']"));
            assertThat(dd.getAttribute("data-value")).as(f.getKey()).isEqualTo(f.getValue().isNull() ? "null"
                    : f.getValue().asText());
            if (f.getValue().isNull()) {
                assertThat(dd.getText()).as(f.getKey()).isEqualTo("—");
                withheld++;
            } else {
                assertThat(dd.getText()).as(f.getKey()).isEqualTo(f.getValue().asText() + "户");
                published++;
            }
        }
        assertThat(published).as("figures shown").isPositive();
        assertThat(withheld).as("figures withheld").isPositive();
        assertThat(section.getText()).contains("人均纯收入低于监测线", "高风险", "不足 5 户");
        assertThat(section.findElements(By.cssSelector("[data-stat='watch.monitored']"))).isEmpty();
        Files.createDirectories(Path.of("target", "screenshots"));
        Files.write(Path.of("target", "screenshots", "planner-watch-within.png"), driver.getScreenshotAs(OutputType.BYTES));

        driver.findElement(By.cssSelector("#lang-switch [data-lang='en']")).click();
        new WebDriverWait(driver, Duration.ofSeconds(10)).until(d -> "en".equals(driver.executeScript(
                "return window.APP.lang")));
        section = driver.findElement(By.cssSelector("#results [data-section=watch]"));
        assertThat(section.findElement(By.tagName("h3")).getText()).contains("Relapse watch", "synthetic");
        assertThat(section.getText()).contains("Income per person below the monitoring line", "High risk")
                .doesNotContain("户");
        driver.findElement(By.cssSelector("#lang-switch [data-lang='zh']")).click();

        // a proposed water works: the households at risk it newly reaches
        driver.executeScript("window.APP.setMode('water_works')");
        String point = String.format(Locale.ROOT, "{\"type\":\"Point\",\"coordinates\":[%.6f,%.6f]}",
                county.centre().x, county.centre().y);
        ask("window.APP.draw(" + point + ")");
        JsonNode whatIf = ApiClient.json(api.send("POST", "/api/analysis/whatif",
                "{\"kind\":\"water_works\",\"geometry\":" + point + ",\"reach\":"
                        + driver.executeScript("return window.APP.request.body.reach") + "}",
                Map.of("X-CSRF-Token", api.csrf()))).get("watch");
        WebElement works = driver.findElement(By.cssSelector("#results [data-section=watch]"));
        assertThat(works.getText()).contains("防返贫", "合成数据", "拟建水厂新增通达");
        for (String key : List.of("households", "before", "added", "after")) {
            WebElement dd = works.findElement(By.cssSelector("[data-stat='watch." + key + "']"));
            assertThat(dd.getAttribute("data-value")).as(key).isEqualTo(whatIf.get(key).isNull() ? "null"
                    : whatIf.get(key).asText());
        }
        assertThat(driver.getPageSource()).doesNotContain("household_code").doesNotContain("alert-0");
        driver.executeScript("window.APP.setMode('within')");
    }

    /** Runs the script that asks a question and waits for its answer. */
    private static void ask(String script) {
        driver.executeScript("window.__before = window.APP.result; " + script);
        new WebDriverWait(driver, TIMEOUT).until(d -> Boolean.TRUE.equals(driver.executeScript(
                "return document.body.dataset.busy === 'false' && window.APP.result !== window.__before")));
    }
}
