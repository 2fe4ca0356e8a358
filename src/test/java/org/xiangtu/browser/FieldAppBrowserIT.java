package org.xiangtu.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.WindowType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.xiangtu.catalog.Role;
import org.xiangtu.store.Feature;
import org.xiangtu.store.FeatureQuery;
import org.xiangtu.testing.ApiClient;
import org.xiangtu.testing.Browser;
import org.xiangtu.testing.Navigation;
import org.xiangtu.testing.Phone;
import org.xiangtu.testing.TestServer;

/**
 * The cadres' field app at {@code /app} on an emulated phone (CDP device metrics 360 × 740, mobile, touch;
 * the page really lays out at 360 CSS px), issue 16 item 7: a demo cadre signs in, a cockpit is opened in a
 * second window, the phone loses the network (CDP {@code Network.emulateNetworkConditions}), records three
 * visits, one with the EXIF/GPS fixture photo chosen through the file input (reduced on the device, flagged
 * as taken far from the emulated device position); the queue holds them (the header counts the photo too),
 * a reload offline keeps them (the service worker serves the page); back online the queue drains to 0, a
 * forced resend of everything ({@code window.xiangtuApp.resendAll()}) changes nothing, the server holds
 * exactly three new visits and one photo, and the open cockpit shows the month's visits 3 higher without
 * a reload (it listens on {@code /events}).
 */
class FieldAppBrowserIT {
    private static final Duration TIMEOUT = Duration.ofSeconds(90);
    private static final String CADRE = "gb50015100300101";
    private static final String PASSWORD = "cadre-browser-password";
    /** The fixture's EXIF position (ExifJpeg); the device stands about 1.1 km north of it. */
    private static final double PHOTO_LON = 106.0421;
    private static final double PHOTO_LAT = 29.8448;
    private static final Path PHOTO = Path.of("src/test/resources/fixtures/photo-exif-gps.jpg").toAbsolutePath();

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
    void visits_and_a_photo_recorded_offline_are_stored_once_and_the_cockpit_counts_them() throws Exception {
        String app = driver.getWindowHandle();
        Phone.emulate(driver, 360, 740);
        Phone.locate(driver, server.url("/").replaceAll("/$", ""), PHOTO_LON, PHOTO_LAT + 0.01);
        Navigation.load(driver, server.url("/app"));
        waitFor("return document.body.dataset.ready === 'true' && !document.getElementById('signin').hidden");
        assertThat(driver.executeScript("return [window.innerWidth, document.documentElement.clientWidth,"
                + " document.documentElement.scrollWidth]")).as("laid out at 360 CSS px, nothing wider")
                .isEqualTo(List.of(360L, 360L, 360L));
        driver.findElement(By.id("signin-name")).sendKeys(CADRE);
        driver.findElement(By.id("signin-password")).sendKeys(PASSWORD);
        driver.findElement(By.id("signin-submit")).click();
        waitFor("return document.querySelectorAll('#households .xa-household').length > 0");
        screenshot("field-app-list.png");

        // one visit this month first, so the cockpit's twelve months already end today
        ApiClient cadre = server.client();
        cadre.signIn(CADRE, PASSWORD);
        String first = driver.findElement(By.cssSelector("#households .xa-household")).getAttribute("data-code");
        String now = OffsetDateTime.now(ZoneOffset.ofHours(8)).truncatedTo(ChronoUnit.SECONDS)
                .format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
        assertThat(cadre.send("POST", "/api/field/visits", "{\"id\":\"" + UUID.randomUUID() + "\",\"household_code\":\""
                + first + "\",\"kind\":\"monthly\",\"at\":\"" + now + "\"}", Map.of("Content-Type", "application/json"))
                .statusCode()).isEqualTo(201);
        long visitsBefore = storedVisits();

        driver.switchTo().newWindow(WindowType.WINDOW);
        String cockpit = driver.getWindowHandle();
        Navigation.load(driver, server.url("/"));
        waitFor("return !!(window.APP && window.APP.dashboard && window.APP.kpis.some(k => k.id === 'visits_12m'))");
        long kpiBefore = visitsKpi();
        long monthBefore = visitsThisMonth();
        driver.switchTo().window(app);

        offline(true);
        for (int i = 0; i < 3; i++) {
            List<WebElement> list = driver.findElements(By.cssSelector("#households .xa-household"));
            list.get(i % list.size()).click();
            waitFor("return !document.getElementById('household').hidden");
            // offline too, values show as the catalogue names them (有保障), never as codes (ensured)
            String fields = driver.findElement(By.id("household-fields")).getText();
            assertThat(fields).contains("饮水安全").doesNotContain("ensured", "safety_net", "illness");
            if (i == 1) {
                driver.executeScript("window.scrollTo(0, 0)");
                screenshot("field-app-household.png");
            }
            driver.findElement(By.id("visit-note")).sendKeys("走访 " + i);
            if (i == 0) {
                waitFor("return document.getElementById('visit-position').textContent.startsWith('本机位置')");
                driver.findElement(By.id("visit-photos")).sendKeys(PHOTO.toString());
                waitFor("return document.querySelectorAll('#visit-photo-list .xa-photo').length === 1");
                String flags = driver.findElement(By.id("visit-photo-list")).getText();
                assertThat(flags).contains("拍摄于 2020-10-14 09:35:00").containsPattern("照片位置与当前位置相距 11\\d\\d 米");
                driver.executeScript("document.getElementById('visit-submit').scrollIntoView({block: 'end'})");
                screenshot("field-app-visit.png");
            }
            driver.findElement(By.id("visit-submit")).click();
            waitFor("return !document.getElementById('list').hidden && document.querySelectorAll("
                    + "'#queue-items [data-kind=visit]').length === " + (i + 1));
        }
        assertThat(driver.findElement(By.id("queue-count")).getText()).as("3 visits and 1 photo").isEqualTo("待同步 4");
        assertThat(driver.findElement(By.cssSelector("#queue-items [data-kind=photo]")).getText()).contains("已上传 0%");

        driver.navigate().refresh(); // still offline: the households and the queue come from IndexedDB
        waitFor("return document.body.dataset.ready === 'true' && !document.getElementById('list').hidden"
                + " && document.getElementById('queue-count').dataset.count === '4'");
        assertThat(driver.findElements(By.cssSelector("#queue-items [data-kind=visit]"))).hasSize(3);
        assertThat(driver.executeScript("return navigator.serviceWorker.controller !== null"))
                .as("the service worker controls the reloaded page").isEqualTo(true);
        assertThat(driver.findElements(By.cssSelector("#households .xa-household"))).isNotEmpty();

        offline(false);
        driver.findElement(By.id("sync-now")).click();
        waitFor("return document.getElementById('queue-count').dataset.count === '0'");
        assertThat(storedVisits()).isEqualTo(visitsBefore + 3);

        driver.executeAsyncScript("window.xiangtuApp.resendAll().then(() => arguments[0]())");
        waitFor("return document.getElementById('queue-count').dataset.count === '0'");
        assertThat(storedVisits()).as("a forced resend stores nothing again").isEqualTo(visitsBefore + 3);
        @SuppressWarnings("unchecked")
        List<String> ids = (List<String>) driver.executeAsyncScript("const done = arguments[0];"
                + " const r = indexedDB.open('xiangtu-app'); r.onsuccess = () => {"
                + " const g = r.result.transaction('visits').objectStore('visits').getAllKeys();"
                + " g.onsuccess = () => done(g.result); };");
        assertThat(ids).hasSize(3);
        List<Feature> mine = ids.stream().map(id -> server.store.feature("visits", id, List.of("note", "photos"))
                .orElseThrow()).toList();
        assertThat(mine).allSatisfy(f -> assertThat(String.valueOf(f.properties().get("note"))).startsWith("走访 "));
        assertThat(mine.stream().mapToLong(FieldAppBrowserIT::photos).sum()).as("photos of the three visits")
                .isEqualTo(1);

        driver.switchTo().window(cockpit);
        waitFor("return " + kpiScript() + " === " + (kpiBefore + 3)); // no reload: /events said 'visit'
        assertThat(driver.executeScript("return window.APP.liveUpdates")).as("fetched again on the event")
                .isNotEqualTo(0L);
        assertThat(visitsThisMonth()).as("the month's bar").isEqualTo(monthBefore + 3);
        driver.switchTo().window(app);
    }

    private static long storedVisits() {
        return server.store.features("visits", FeatureQuery.all(List.of("note"), 1)).numberMatched();
    }

    private static long photos(Feature visit) {
        Object n = visit.properties().get("photos");
        return n instanceof Number number ? number.longValue() : 0;
    }

    private static String kpiScript() {
        return "Number(window.APP.kpis.find(k => k.id === 'visits_12m').number.replace(/[^0-9]/g, ''))";
    }

    private static long visitsKpi() {
        return ((Number) driver.executeScript("return " + kpiScript())).longValue();
    }

    private static long visitsThisMonth() {
        return ((Number) driver.executeScript("return window.APP.dashboard.charts.visitsByMonth.at(-1).visits"))
                .longValue();
    }

    private static void offline(boolean offline) {
        Phone.offline(driver, offline);
    }

    private static void waitFor(String script) {
        Phone.waitFor(driver, TIMEOUT, script);
    }

    private static void screenshot(String name) throws IOException {
        Path dir = Path.of("target", "screenshots");
        Files.createDirectories(dir);
        Files.write(dir.resolve(name), driver.getScreenshotAs(OutputType.BYTES));
    }
}
