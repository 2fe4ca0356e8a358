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
 * (withheld ones hatched), and the page holds no household code.
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
        Navigation.load(driver, server.url("/planner"));
        Phone.waitFor(driver, TIMEOUT, "return document.getElementById('signin-name') !== null");
        driver.findElement(By.id("signin-name")).click();
        driver.findElement(By.id("signin-name")).sendKeys("watch-planner");
        driver.findElement(By.id("signin-password")).click();
        driver.findElement(By.id("signin-password")).sendKeys(PASSWORD, Keys.ENTER);
        Phone.waitFor(driver, TIMEOUT, "return document.body.dataset.ready === 'true' "
                + "&& !document.getElementById('watch-reach').hidden");
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
}
