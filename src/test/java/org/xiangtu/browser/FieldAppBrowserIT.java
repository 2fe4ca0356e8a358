package org.xiangtu.browser;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.xiangtu.catalog.Role;
import org.xiangtu.testing.ApiClient;
import org.xiangtu.testing.Browser;
import org.xiangtu.testing.Navigation;
import org.xiangtu.testing.TestServer;

/**
 * The cadres' field app at {@code /app} on a phone-sized window (360 × 740): a demo cadre signs in, sees
 * their households, loses the network (CDP {@code Network.emulateNetworkConditions}), records three
 * visits that wait in the device queue (the header says 3), gets the network back, syncs, and the queue
 * drains to 0; the server then holds the three visits (a resend of each id answers 200, stored before).
 */
class FieldAppBrowserIT {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final String CADRE = "gb50015100300101";
    private static final String PASSWORD = "cadre-browser-password";

    private static TestServer server;
    private static Browser browser;
    private static ChromeDriver driver;

    @BeforeAll
    static void startServerAndBrowser() throws IOException {
        server = TestServer.start();
        server.addUser(CADRE, Role.CADRE, PASSWORD);
        browser = Browser.start(360, 740);
        driver = browser.driver;
    }

    @AfterAll
    static void stopBrowserAndServer() throws IOException {
        Browser.closeWith(browser, server);
    }

    @Test
    void visits_recorded_offline_wait_in_the_queue_and_are_stored_once_back_online() throws Exception {
        Navigation.load(driver, server.url("/app"));
        waitFor("return document.body.dataset.ready === 'true' && !document.getElementById('signin').hidden");
        driver.findElement(By.id("signin-name")).sendKeys(CADRE);
        driver.findElement(By.id("signin-password")).sendKeys(PASSWORD);
        driver.findElement(By.id("signin-submit")).click();
        waitFor("return document.querySelectorAll('#households .xa-household').length > 0");
        screenshot("field-app-list.png");

        offline(true);
        for (int i = 0; i < 3; i++) {
            List<org.openqa.selenium.WebElement> list = driver.findElements(By.cssSelector("#households .xa-household"));
            list.get(i % list.size()).click();
            waitFor("return !document.getElementById('household').hidden");
            driver.findElement(By.id("visit-note")).sendKeys("走访 " + i);
            driver.findElement(By.id("visit-submit")).click();
            waitFor("return document.getElementById('queue-count').dataset.count === '" + (i + 1) + "'");
            if (i == 0) {
                screenshot("field-app-household.png");
            }
            waitFor("return !document.getElementById('list').hidden");
        }
        assertThat(driver.findElement(By.id("queue-count")).getText()).isEqualTo("待同步 3");

        driver.navigate().refresh(); // still offline: the households and the queue come from IndexedDB
        waitFor("return document.body.dataset.ready === 'true' && !document.getElementById('list').hidden"
                + " && document.getElementById('queue-count').dataset.count === '3'");
        assertThat(driver.executeScript("return navigator.serviceWorker.controller !== null"))
                .as("the service worker controls the reloaded page").isEqualTo(true);
        assertThat(driver.findElements(By.cssSelector("#households .xa-household"))).isNotEmpty();

        offline(false);
        driver.findElement(By.id("sync-now")).click();
        waitFor("return document.getElementById('queue-count').dataset.count === '0'");

        @SuppressWarnings("unchecked")
        List<Map<String, Object>> visits = (List<Map<String, Object>>) driver.executeAsyncScript(
                "const done = arguments[0]; const r = indexedDB.open('xiangtu-app');"
                        + "r.onsuccess = () => { const g = r.result.transaction('visits').objectStore('visits').getAll();"
                        + "g.onsuccess = () => done(g.result); };");
        assertThat(visits).hasSize(3);
        ApiClient cadre = server.client();
        cadre.signIn(CADRE, PASSWORD);
        for (Map<String, Object> v : visits) {
            String body = "{\"id\":\"" + v.get("id") + "\",\"household_code\":\"" + v.get("household_code")
                    + "\",\"kind\":\"monthly\",\"at\":\"2020-10-01T10:00:00+08:00\"}";
            HttpResponse<String> again = cadre.send("POST", "/api/field/visits", body,
                    Map.of("Content-Type", "application/json", "X-CSRF-Token", cadre.csrf()));
            assertThat(again.statusCode()).as("resend of %s", v.get("id")).isEqualTo(200);
            JsonNode stored = ApiClient.json(again);
            assertThat(stored.get("note").asText()).startsWith("走访 ");
        }
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
            driver.manage().logs().get(org.openqa.selenium.logging.LogType.BROWSER)
                    .forEach(entry -> System.err.println("console: " + entry.getMessage()));
            throw e;
        }
    }

    private static void screenshot(String name) throws IOException {
        Path dir = Path.of("target", "screenshots");
        Files.createDirectories(dir);
        Files.write(dir.resolve(name), driver.getScreenshotAs(OutputType.BYTES));
    }
}
