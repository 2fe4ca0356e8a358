package org.xiangtu.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
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
import org.xiangtu.catalog.Role;
import org.xiangtu.store.WatchStore;
import org.xiangtu.store.WatchStore.Alert;
import org.xiangtu.store.WatchStore.AlertQuery;
import org.xiangtu.testing.ApiClient;
import org.xiangtu.testing.Browser;
import org.xiangtu.testing.Navigation;
import org.xiangtu.testing.Phone;
import org.xiangtu.testing.TestServer;

/**
 * The relapse watch in the field app on an emulated phone (issue 17): a department's list (uploaded by a
 * leader) opens an alert on one of the cadre's households; the cadre's app lists it with its rule and due day
 * and keeps it for offline use. Offline, the cadre opens the household, confirms the risk with the measure
 * taken; back online the verification visit and the verification are sent once: the alert is confirmed by the
 * cadre through that visit, the household is under monitoring, and the app's list no longer shows the task.
 * A visit that reports an event (chosen from the visit form's list) opens a new alert, which the list shows.
 */
class FieldAppWatchBrowserIT {
    private static final Duration TIMEOUT = Duration.ofSeconds(90);
    private static final String CADRE = "gb50015100300101";
    private static final String HOUSEHOLD = "5001510030010002";
    private static final String PASSWORD = "cadre-watch-password";
    private static final String MEASURE = "落实临时救助 2000 元";

    private static TestServer server;
    private static Browser browser;
    private static ChromeDriver driver;

    @BeforeAll
    static void startServerAndBrowser() throws IOException {
        server = TestServer.start();
        server.addUser(CADRE, Role.CADRE, PASSWORD);
        server.addUser("watch-app-leader", Role.LEADER, PASSWORD);
        browser = Browser.start(360, 740);
        driver = browser.driver;
    }

    @AfterAll
    static void stopBrowserAndServer() throws IOException {
        Browser.closeWith(browser, server);
    }

    @Test
    void an_alert_is_verified_offline_and_the_household_enters_monitoring() throws Exception {
        ApiClient leader = server.client();
        assertThat(leader.signIn("watch-app-leader", PASSWORD).statusCode()).isEqualTo(200);
        String csv = "户编码,原因\n" + HOUSEHOLD + ",申请临时救助\n";
        assertThat(leader.upload("/api/watch/lists", "民政.csv", csv.getBytes(java.nio.charset.Charset.forName("GBK")),
                Map.of("source", "civil_affairs")).statusCode()).isEqualTo(201);
        Alert listed = open(HOUSEHOLD).stream().filter(a -> a.rule().equals("list:civil_affairs")).findFirst().orElseThrow();

        Phone.emulate(driver, 360, 740);
        Phone.locate(driver, server.url("/").replaceAll("/$", ""), 106.0421, 29.8548);
        Navigation.load(driver, server.url("/app"));
        waitFor("return document.body.dataset.ready === 'true' && !document.getElementById('signin').hidden");
        driver.findElement(By.id("signin-name")).click();
        driver.findElement(By.id("signin-name")).sendKeys(CADRE);
        driver.findElement(By.id("signin-password")).click();
        driver.findElement(By.id("signin-password")).sendKeys(PASSWORD, Keys.ENTER);
        waitFor("return document.querySelector('#alert-items [data-alert=\"" + listed.id() + "\"]') !== null");
        WebElement task = driver.findElement(By.cssSelector("#alert-items [data-alert='" + listed.id() + "']"));
        assertThat(task.getText()).contains(HOUSEHOLD, "民政部门", "高风险", "期限 " + listed.dueOn());
        screenshot("field-app-alerts.png", "alerts");

        offline(true);
        Navigation.load(driver, server.url("/app")); // a reload without network: the task is kept on the phone
        waitFor("return document.querySelector('#alert-items [data-alert=\"" + listed.id() + "\"]') !== null");
        driver.findElement(By.cssSelector("#alert-items [data-alert='" + listed.id() + "']")).click();
        waitFor("return !document.getElementById('household').hidden && !document.getElementById('household-alerts').hidden");
        WebElement form = driver.findElement(By.cssSelector("#household-alert-list form[data-alert='" + listed.id() + "']"));
        assertThat(form.getText()).contains("申请临时救助", "风险属实，纳入监测");
        form.findElement(By.tagName("textarea")).click();
        form.findElement(By.tagName("textarea")).sendKeys(MEASURE);
        form.findElement(By.cssSelector("button[type=submit]")).click();
        waitFor("return document.getElementById('household-alerts').hidden");
        assertThat(driver.findElement(By.id("queue-count")).getText()).as("the visit and the verification")
                .isEqualTo("待同步 2");
        assertThat(open(HOUSEHOLD)).as("nothing sent while offline").anyMatch(a -> a.id().equals(listed.id()));

        offline(false);
        driver.findElement(By.id("sync-now")).click();
        waitFor("return document.getElementById('queue-count').dataset.count === '0'");
        Alert done = server.routes().work().watch().alert(listed.id()).orElseThrow();
        assertThat(done.status()).isEqualTo(WatchStore.CONFIRMED);
        assertThat(done.closedBy()).isEqualTo(CADRE);
        assertThat(done.note()).isEqualTo(MEASURE);
        assertThat(done.visitId()).as("closed by its verification visit").isNotNull();
        assertThat(server.routes().work().field().visit(done.visitId()).orElseThrow().householdCode()).isEqualTo(HOUSEHOLD);
        assertThat(server.routes().work().watch().monitoring(null, true))
                .anyMatch(m -> m.householdCode().equals(HOUSEHOLD) && m.measure().equals(MEASURE));

        // a visit that reports a disaster opens a new alert, which the list shows after the sync
        driver.findElement(By.id("visit-note")).click();
        driver.findElement(By.id("visit-note")).sendKeys("房屋受暴雨损坏");
        new Select(driver.findElement(By.id("visit-reported"))).selectByVisibleText("遭受灾害");
        driver.findElement(By.id("visit-submit")).click();
        waitFor("return !document.getElementById('list').hidden");
        driver.findElement(By.id("sync-now")).click();
        waitFor("return [...document.querySelectorAll('#alert-items .xa-alert')].some(b => b.textContent.includes('走访发现遭受灾害'))");
        assertThat(open(HOUSEHOLD)).extracting(Alert::rule).contains("disaster").doesNotContain("list:civil_affairs");
    }

    private static List<Alert> open(String household) {
        return server.routes().work().watch().alerts(new AlertQuery(null, null, household, WatchStore.OPEN, 100, 0));
    }

    private static void offline(boolean offline) {
        driver.executeCdpCommand("Network.enable", Map.of());
        driver.executeCdpCommand("Network.emulateNetworkConditions", Map.of("offline", offline, "latency", 0,
                "downloadThroughput", -1, "uploadThroughput", -1));
    }

    private static void waitFor(String script) {
        try {
            new WebDriverWait(driver, TIMEOUT).until(d -> Boolean.TRUE.equals(driver.executeScript(script)));
        } catch (RuntimeException e) {
            System.err.println("queue: " + driver.executeScript("return document.getElementById('queue-items').textContent"));
            driver.manage().logs().get(org.openqa.selenium.logging.LogType.BROWSER)
                    .forEach(entry -> System.err.println("console: " + entry.getMessage()));
            throw e;
        }
    }

    private static void screenshot(String name, String id) throws IOException {
        driver.executeScript("document.getElementById(arguments[0]).scrollIntoView({block: 'start'}); window.scrollBy(0, -60)", id);
        Path dir = Path.of("target", "screenshots");
        Files.createDirectories(dir);
        Files.write(dir.resolve(name), driver.getScreenshotAs(OutputType.BYTES));
    }
}
