package org.xiangtu.browser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.xiangtu.catalog.Role;
import org.xiangtu.store.AuditEntry;
import org.xiangtu.store.HouseholdChangeStore;
import org.xiangtu.testing.ApiClient;
import org.xiangtu.testing.Browser;
import org.xiangtu.testing.Navigation;
import org.xiangtu.testing.TestServer;

/**
 * The review queue on the planners' workspace in Debian's Chromium against the real server (GeoPackage):
 * two devices changed one field of a household from the same version, so one review waits. A planner
 * sees its village's count on the map and no list (no household code on the page); a leader sees the
 * household code, the field's title and the three values, and applies the proposed value with the mouse:
 * the household holds it, the queue is empty. Live: with a planner's page open, a cadre's two devices
 * send conflicting updates through the API; the page shows the new count on the map and in the panel
 * without a reload, and the count goes down again when a leader resolves the review through the API; a
 * leader's open page likewise gains the review in its list and loses it when it is resolved elsewhere.
 */
class ReviewQueueBrowserIT {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final String PASSWORD = "review-browser-password";
    private static final String HOUSEHOLD = "5001510030010001";
    private static final String CADRE = "gb50015100300101";
    private static final String LIVE_CADRE = "gb50015100320101";
    private static final String LIVE_HOUSEHOLD = "5001510032010001";
    private static final String LIVE_VILLAGE = "500151003201";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static TestServer server;
    private static Browser browser;
    private static ChromeDriver driver;

    @BeforeAll
    static void start() throws IOException {
        server = TestServer.start();
        server.addUser("review-planner", Role.PLANNER, PASSWORD);
        server.addUser("review-leader", Role.LEADER, PASSWORD);
        server.addUser(LIVE_CADRE, Role.CADRE, PASSWORD);
        HouseholdChangeStore changes = server.routes().work().householdChanges();
        for (String cause : List.of("illness", "disability")) {
            Instant now = Instant.now();
            String id = UUID.randomUUID().toString();
            changes.update(new HouseholdChangeStore.Update(id, HOUSEHOLD, CADRE, 0, "2020-10-14T09:35:00+08:00",
                    Map.of("main_cause", cause), now, new AuditEntry(0, now, CADRE, "192.0.2.1", "household-update",
                            id, "ok", "{}")));
        }
        assertThat(changes.reviews("open")).hasSize(1);
        browser = Browser.start(1400, 900);
        driver = browser.driver;
    }

    @AfterAll
    static void stop() throws IOException {
        Browser.closeWith(browser, server);
    }

    private static void signIn(String name) {
        driver.manage().deleteAllCookies();
        Navigation.load(driver, server.url("/planner"));
        waitFor("signin");
        driver.findElement(By.id("signin-name")).sendKeys(name);
        driver.findElement(By.id("signin-password")).sendKeys(PASSWORD);
        driver.findElement(By.id("signin-submit")).click();
        waitFor("true");
    }

    @Test
    void a_planner_sees_the_count_and_a_leader_applies_the_proposed_value_with_the_mouse() {
        signIn("review-planner");
        new WebDriverWait(driver, TIMEOUT).until(d -> !d.findElements(By.cssSelector(".xt-review-count")).isEmpty());
        assertThat(driver.findElements(By.cssSelector(".xt-review-count"))).hasSize(1);
        assertThat(driver.findElement(By.cssSelector(".xt-review-count")).getText()).contains("1 处待审核");
        assertThat(driver.findElement(By.id("reviews-status")).getText()).contains("1 处待审核");
        assertThat(driver.findElements(By.cssSelector("#review-list li"))).isEmpty();
        assertThat(driver.getPageSource()).doesNotContain(HOUSEHOLD);

        signIn("review-leader");
        new WebDriverWait(driver, TIMEOUT).until(d -> !d.findElements(By.cssSelector("#review-list li")).isEmpty());
        WebElement item = driver.findElement(By.cssSelector("#review-list li"));
        assertThat(item.getText()).contains(HOUSEHOLD, "主要致贫原因", "illness", "disability");
        assertThat(item.findElement(By.cssSelector("[data-value='current']")).getText()).isEqualTo("illness");
        assertThat(item.findElement(By.cssSelector("[data-value='proposed']")).getText()).isEqualTo("disability");
        WebElement apply = item.findElement(By.cssSelector("button[data-choice='proposed']"));
        assertThat(apply.getText()).isEqualTo("采用新值");
        new Actions(driver).moveToElement(apply).click().perform();
        new WebDriverWait(driver, TIMEOUT).until(d -> d.findElements(By.cssSelector("#review-list li")).isEmpty());
        assertThat(driver.findElement(By.id("reviews-status")).getText()).contains("已处理");
        // the map's count marker follows the review event a moment after the list (CI once saw it still there)
        new WebDriverWait(driver, TIMEOUT).until(d -> d.findElements(By.cssSelector(".xt-review-count")).isEmpty());
        assertThat(server.routes().work().field().household(HOUSEHOLD).orElseThrow().properties().get("main_cause"))
                .isEqualTo("disability");
        assertThat(server.routes().work().householdChanges().reviews("resolved"))
                .filteredOn(r -> r.householdCode().equals(HOUSEHOLD)).singleElement()
                .extracting(HouseholdChangeStore.Review::resolvedBy).isEqualTo("review-leader");
    }

    @Test
    void a_planners_page_follows_a_review_opened_and_resolved_elsewhere_without_a_reload() throws Exception {
        String village = String.valueOf(server.store.feature("villages", "village-" + LIVE_VILLAGE, List.of("name"))
                .orElseThrow().properties().get("name"));
        signIn("review-planner");
        waitForStatus();
        assertThat(marker(village)).isEmpty();
        ((JavascriptExecutor) driver).executeScript("window.reviewTestSamePage = true"); // gone after a reload

        ApiClient cadre = signedIn(LIVE_CADRE);
        String path = "/api/field/households/" + LIVE_HOUSEHOLD;
        JsonNode household = JSON.readTree(cadre.get(path).body());
        long base = household.get("version").asLong();
        long size = household.get("properties").get("size").asLong();
        assertThat(sendUpdate(cadre, base, size + 1).statusCode()).isEqualTo(201); // one device: applied
        HttpResponse<String> second = sendUpdate(cadre, base, size + 2); // the other, from the same version
        assertThat(second.statusCode()).isEqualTo(201);
        String reviewId = JSON.readTree(second.body()).get("review").get(0).get("id").asText();

        new WebDriverWait(driver, TIMEOUT).until(d -> marker(village).isPresent());
        assertThat(marker(village).orElseThrow()).isEqualTo(village + "：1 处待审核");
        new WebDriverWait(driver, TIMEOUT).until(d -> statusText().equals(expectedStatus()));
        assertThat(statusText()).contains("处待审核");
        assertThat(driver.getPageSource()).doesNotContain(LIVE_HOUSEHOLD);

        ApiClient leader = signedIn("review-leader");
        HttpResponse<String> resolved = leader.send("POST", "/api/reviews/" + reviewId + "/resolve",
                "{\"choice\":\"current\"}", Map.of());
        assertThat(resolved.statusCode()).isEqualTo(200);
        new WebDriverWait(driver, TIMEOUT).until(d -> marker(village).isEmpty());
        new WebDriverWait(driver, TIMEOUT).until(d -> statusText().equals(expectedStatus()));
        assertThat(((JavascriptExecutor) driver).executeScript("return window.reviewTestSamePage === true"))
                .isEqualTo(true);

        // a leader's page gets the list live too, and loses the item when it is resolved elsewhere
        signIn("review-leader");
        waitForStatus();
        ((JavascriptExecutor) driver).executeScript("window.reviewTestSamePage = true");
        household = JSON.readTree(cadre.get(path).body());
        base = household.get("version").asLong();
        size = household.get("properties").get("size").asLong();
        assertThat(sendUpdate(cadre, base, size + 1).statusCode()).isEqualTo(201);
        String again = JSON.readTree(sendUpdate(cadre, base, size + 2).body()).get("review").get(0).get("id").asText();
        By item = By.cssSelector("#review-list li[data-review='" + again + "']");
        new WebDriverWait(driver, TIMEOUT).until(d -> !d.findElements(item).isEmpty());
        assertThat(driver.findElement(item).getText()).contains(LIVE_HOUSEHOLD, String.valueOf(size + 1),
                String.valueOf(size + 2));
        assertThat(leader.send("POST", "/api/reviews/" + again + "/resolve", "{\"choice\":\"proposed\"}",
                Map.of()).statusCode()).isEqualTo(200);
        new WebDriverWait(driver, TIMEOUT).until(d -> d.findElements(item).isEmpty());
        new WebDriverWait(driver, TIMEOUT).until(d -> statusText().equals(expectedStatus()));
        assertThat(((JavascriptExecutor) driver).executeScript("return window.reviewTestSamePage === true"))
                .isEqualTo(true);
    }

    private static ApiClient signedIn(String name) {
        ApiClient c = server.client();
        assertThat(c.signIn(name, PASSWORD).statusCode()).isEqualTo(200);
        return c;
    }

    private static HttpResponse<String> sendUpdate(ApiClient cadre, long base, long size) {
        String body = JSON.createObjectNode().put("id", UUID.randomUUID().toString()).put("base_version", base)
                .put("at", "2020-10-14T09:35:00+08:00").set("changes", JSON.createObjectNode().put("size", size))
                .toString();
        return cadre.send("POST", "/api/field/households/" + LIVE_HOUSEHOLD + "/updates", body, Map.of());
    }

    /** The text of the map's review marker over this village, if there is one. */
    private static Optional<String> marker(String village) {
        return driver.findElements(By.cssSelector(".xt-review-count")).stream().map(WebElement::getText)
                .filter(text -> text.startsWith(village + "：")).findFirst();
    }

    private static String statusText() {
        return driver.findElement(By.id("reviews-status")).getText();
    }

    private static void waitForStatus() {
        new WebDriverWait(driver, TIMEOUT).until(d -> !statusText().isEmpty());
    }

    /** The panel's line for the open reviews as the store holds them now. */
    private static String expectedStatus() {
        List<HouseholdChangeStore.Review> open = server.routes().work().householdChanges().reviews("open");
        long villages = open.stream().map(HouseholdChangeStore.Review::villageCode).distinct().count();
        return open.isEmpty() ? "没有待审核的修改。" : open.size() + " 处待审核（" + villages + " 个村）";
    }

    private static void waitFor(String ready) {
        try {
            new WebDriverWait(driver, TIMEOUT).until(d -> {
                Object r = ((JavascriptExecutor) d).executeScript("return document.body && document.body.dataset.ready");
                if ("error".equals(r)) {
                    throw new AssertionError("the page reports an error: "
                            + ((JavascriptExecutor) d).executeScript("return window.APP && window.APP.error"));
                }
                return ready.equals(r);
            });
        } catch (org.openqa.selenium.TimeoutException e) {
            fail("data-ready never became " + ready);
        }
    }
}
