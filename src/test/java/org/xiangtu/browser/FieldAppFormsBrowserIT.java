package org.xiangtu.browser;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
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
import org.xiangtu.store.FieldStore.WorkLog;
import org.xiangtu.store.HouseholdChangeStore.UpdateStatus;
import org.xiangtu.testing.ApiClient;
import org.xiangtu.testing.Browser;
import org.xiangtu.testing.Navigation;
import org.xiangtu.testing.Phone;
import org.xiangtu.testing.TestServer;

/**
 * The field app's indicator update and work-log forms on an emulated phone (360 × 740, touch), issue 16: a
 * cadre signs in (typing, Enter), and while the page holds the household at its version another device of
 * theirs changes its safe-water state through the API; offline, the cadre sets the same indicator to another
 * state on the update form (its checked date follows) and writes a log about the village with the EXIF
 * fixture photo; the header counts both and the photo. Back online, "sync now" sends them: the server holds
 * the update once (the date applied, the state sent to review, as the page shows field by field) and the log
 * once with its photo, also after a forced resend of everything. A leader resolves the review for the
 * cadre's value; "sync now" again and the page shows 已采纳 and the household's new state.
 */
class FieldAppFormsBrowserIT {
    private static final Duration TIMEOUT = Duration.ofSeconds(90);
    private static final String CADRE = "gb50015100300101";
    private static final String HOUSEHOLD = "5001510030010001";
    private static final String VILLAGE = "500151003001";
    private static final String PASSWORD = "cadre-forms-password";
    private static final Path PHOTO = Path.of("src/test/resources/fixtures/photo-exif-gps.jpg").toAbsolutePath();
    private static final String LOG_TEXT = "村里修好了蓄水池";

    private static TestServer server;
    private static Browser browser;
    private static ChromeDriver driver;

    @BeforeAll
    static void startServerAndBrowser() throws IOException {
        server = TestServer.start();
        server.addUser(CADRE, Role.CADRE, PASSWORD);
        server.addUser("forms-leader", Role.LEADER, PASSWORD);
        browser = Browser.start(360, 740);
        driver = browser.driver;
    }

    @AfterAll
    static void stopBrowserAndServer() throws IOException {
        Browser.closeWith(browser, server);
    }

    @Test
    void an_update_and_a_log_made_offline_are_sent_once_and_the_review_outcome_reaches_the_phone() throws Exception {
        Phone.emulate(driver, 360, 740);
        Phone.locate(driver, server.url("/").replaceAll("/$", ""), 106.0421, 29.8548);
        Navigation.load(driver, server.url("/app"));
        waitFor("return document.body.dataset.ready === 'true' && !document.getElementById('signin').hidden");
        driver.findElement(By.id("signin-name")).click();
        driver.findElement(By.id("signin-name")).sendKeys(CADRE);
        driver.findElement(By.id("signin-password")).click();
        driver.findElement(By.id("signin-password")).sendKeys(PASSWORD, Keys.ENTER);
        waitFor("return document.querySelectorAll('#households .xa-household').length > 0");

        // the page holds the household at its version; another device of the cadre's changes the water state
        ApiClient device = server.client();
        assertThat(device.signIn(CADRE, PASSWORD).statusCode()).isEqualTo(200);
        JsonNode household = ApiClient.json(device.get("/api/field/households/" + HOUSEHOLD));
        long seen = household.get("version").asLong();
        assertThat(household.get("properties").get("water").asText()).isEqualTo("ensured");
        String other = "{\"id\":\"" + UUID.randomUUID() + "\",\"base_version\":" + seen
                + ",\"at\":\"2020-10-14T09:35:00+08:00\",\"changes\":{\"water\":\"at_risk\"}}";
        assertThat(device.send("POST", "/api/field/households/" + HOUSEHOLD + "/updates", other,
                Map.of("X-CSRF-Token", device.csrf())).statusCode()).isEqualTo(201);
        long updatesBefore = mine().size();

        offline(true);
        driver.findElement(By.cssSelector("#households .xa-household[data-code='" + HOUSEHOLD + "']")).click();
        waitFor("return !document.getElementById('household').hidden");
        driver.findElement(By.cssSelector("#update-section > summary")).click();
        WebElement water = driver.findElement(By.id("update-water"));
        assertThat(new Select(water).getFirstSelectedOption().getText()).as("the state the page holds").isEqualTo("有保障");
        assertThat(driver.findElement(By.id("update-section")).getText()).contains("饮水安全", "2020年工资性收入", "两不愁三保障");
        new Select(water).selectByVisibleText("未保障");
        String today = (String) driver.executeScript("return new Date().toLocaleDateString('sv')");
        assertThat(driver.findElement(By.id("update-water_checked")).getAttribute("value")).as("checked today").isEqualTo(today);
        // the household size, typed: a fraction is refused on the device, naming the field
        WebElement size = driver.findElement(By.id("update-size"));
        long people = Long.parseLong(size.getAttribute("value"));
        size.click();
        size.sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.BACK_SPACE, "2.5");
        driver.findElement(By.id("update-submit")).click();
        assertThat(driver.findElement(By.id("update-error")).getText()).isEqualTo("家庭人口须为不小于 0 的整数。");
        assertThat(driver.findElements(By.cssSelector("#update-list [data-field]"))).isEmpty();
        size.sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.BACK_SPACE, String.valueOf(people + 1));
        driver.findElement(By.id("update-submit")).click();
        waitFor("return document.querySelector('#update-list [data-field=water]')?.dataset.status === 'queued'");
        assertThat(driver.findElement(By.id("update-error")).isDisplayed()).isFalse();
        assertThat(driver.findElement(By.id("update-list")).getText()).contains("饮水安全：未保障 — 待同步");
        assertThat(driver.findElement(By.id("queue-count")).getText()).isEqualTo("待同步 1");
        screenshot("field-app-update.png", "update-section", "start");

        driver.findElement(By.cssSelector("#log-section > summary")).click();
        driver.findElement(By.id("log-about-village")).click();
        driver.findElement(By.id("log-text")).click();
        driver.findElement(By.id("log-text")).sendKeys(LOG_TEXT);
        driver.findElement(By.id("log-photos")).sendKeys(PHOTO.toString());
        waitFor("return document.querySelectorAll('#log-photo-list .xa-photo').length === 1");
        assertThat(driver.findElement(By.id("log-photo-list")).getText()).contains("拍摄于 2020-10-14 09:35:00");
        screenshot("field-app-log.png", "log-submit", "end");
        assertThat(driver.executeScript("return document.documentElement.scrollWidth")).as("nothing wider than the phone")
                .isEqualTo(360L);
        driver.findElement(By.id("log-submit")).click();
        waitFor("return !document.getElementById('list').hidden && document.querySelectorAll('#queue-items [data-kind=log]').length === 1");
        assertThat(driver.findElement(By.id("queue-count")).getText()).as("an update, a log and its photo").isEqualTo("待同步 3");
        assertThat(mine()).hasSize((int) updatesBefore);

        offline(false);
        driver.findElement(By.id("sync-now")).click();
        waitFor("return document.getElementById('queue-count').dataset.count === '0'");
        driver.executeAsyncScript("window.xiangtuApp.resendAll().then(() => arguments[0]())");
        waitFor("return document.getElementById('queue-count').dataset.count === '0'");
        List<UpdateStatus> updates = mine();
        assertThat(updates).as("the update stored once").hasSize((int) updatesBefore + 1);
        UpdateStatus sent = updates.get(updates.size() - 1);
        assertThat(sent.applied()).containsExactlyInAnyOrder("water_checked", "size");
        assertThat(sent.reviews()).extracting(r -> r.field() + "=" + r.proposedValue()).containsExactly("water=not_ensured");
        List<WorkLog> logs = server.routes().work().field().logs(CADRE, 200, 0).stream()
                .filter(l -> LOG_TEXT.equals(l.text())).toList();
        assertThat(logs).as("the log stored once").hasSize(1);
        assertThat(logs.get(0).villageCode()).isEqualTo(VILLAGE);
        assertThat(logs.get(0).householdCode()).isNull();
        assertThat(logs.get(0).photos()).as("its photo").isEqualTo(1);

        driver.findElement(By.cssSelector("#households .xa-household[data-code='" + HOUSEHOLD + "']")).click();
        driver.findElement(By.cssSelector("#update-section > summary")).click();
        waitFor("return document.querySelector('#update-list [data-field=water]')?.dataset.status === 'review'");
        assertThat(driver.findElement(By.id("update-list")).getText()).contains("饮水安全：未保障 — 待审核")
                .contains("家庭人口：" + (people + 1) + " 人 — 已更新");

        ApiClient leader = server.client();
        assertThat(leader.signIn("forms-leader", PASSWORD).statusCode()).isEqualTo(200);
        String reviewId = sent.reviews().get(0).id();
        assertThat(leader.send("POST", "/api/reviews/" + reviewId + "/resolve", "{\"choice\":\"proposed\"}",
                Map.of("X-CSRF-Token", leader.csrf())).statusCode()).isEqualTo(200);

        driver.findElement(By.id("sync-now")).click();
        waitFor("return document.querySelector('#update-list [data-field=water]')?.dataset.status === 'accepted'");
        assertThat(driver.findElement(By.id("update-list")).getText()).contains("饮水安全：未保障 — 已采纳");
        waitFor("return document.querySelector('#household-fields dd[data-field=water]').textContent === '未保障'");
        assertThat(driver.findElement(By.id("status")).getText()).contains("领导已审核");
        screenshot("field-app-review.png", "update-section", "start");
        driver.findElement(By.id("lang-toggle")).click(); // English: the catalogue's names and the outcome
        waitFor("return document.getElementById('update-list').textContent.includes('accepted')");
        assertThat(driver.findElement(By.id("update-list")).getText())
                .contains("Safe drinking water: Not ensured — accepted");
        assertThat(driver.findElement(By.cssSelector("#update-section > summary")).getText()).isEqualTo("Update indicators");
    }

    /** The cadre's updates as the store holds them, oldest first. */
    private static List<UpdateStatus> mine() {
        return server.routes().work().householdChanges().updates(CADRE, null);
    }

    private static void offline(boolean offline) {
        Phone.offline(driver, offline);
    }

    private static void waitFor(String script) {
        Phone.waitFor(driver, TIMEOUT, script);
    }

    private static void screenshot(String name, String id, String block) throws IOException {
        driver.executeScript("document.getElementById(arguments[0]).scrollIntoView({block: arguments[1]});"
                + " if (arguments[1] === 'start') window.scrollBy(0, -60)", id, block); // below the sticky header
        Path dir = Path.of("target", "screenshots");
        Files.createDirectories(dir);
        Files.write(dir.resolve(name), driver.getScreenshotAs(OutputType.BYTES));
    }
}
