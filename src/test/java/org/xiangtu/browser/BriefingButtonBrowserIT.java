package org.xiangtu.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.logging.Level;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.xiangtu.testing.Browser;
import org.xiangtu.testing.Navigation;
import org.xiangtu.testing.PrintedPdf;
import org.xiangtu.testing.TestServer;

/**
 * The cockpit's "导出简报" link (scope bar) (cockpit/briefing-link.js), used as a person does: it follows the scope on
 * screen (a town; a village gives its town's pack), the date, the income year, the theme and the language; what it
 * points at is a PDF naming the town; a plain click says "正在生成…" and saves the pack, a refused one shows the
 * server's reason in the page; paper does not show it.
 */
class BriefingButtonBrowserIT {
    private static final Duration TIMEOUT = Duration.ofSeconds(90);
    private static final Path OUT = Path.of("target", "briefing-button");

    private static TestServer server;
    private static Browser browser;
    private static ChromeDriver driver;

    @BeforeAll
    static void startServerAndBrowser() throws IOException {
        server = TestServer.start(Map.of("briefing.atOnce", "1")); // one pack at a time: a second is refused (429)
        browser = Browser.start(1400, 900);
        driver = browser.driver;
    }

    @AfterAll
    static void stopBrowserAndServer() throws IOException {
        Browser.closeWith(browser, server);
    }

    @Test
    void the_link_follows_town_date_year_theme_and_language_and_gives_the_towns_pdf() throws Exception {
        open("/");
        WebElement link = driver.findElement(By.id("briefing-link"));
        assertThat(link.getTagName()).isEqualTo("a");
        assertThat(link.getAttribute("download")).as("a download link").isNotNull();
        assertThat(link.getText()).isEqualTo("导出简报");
        assertThat(href()).startsWith("/api/briefing?scope=district&");

        // a town, then another theme, an earlier date and (when there is one) another income year
        WebElement town = driver.findElement(By.cssSelector("#children .xt-children__item[data-level=town]"));
        String townCode = town.getAttribute("data-code");
        click(town);
        waitReady(() -> townCode.equals(js("return window.APP.dashboard.scope.code")));
        String townName = (String) js("return window.APP.dashboard.scope.name");
        assertThat(href()).contains("scope=town:" + townCode);

        Select theme = new Select(driver.findElement(By.cssSelector("select[name=theme]")));
        String otherTheme = theme.getOptions().stream().map(o -> o.getAttribute("value"))
                .filter(v -> !v.equals(js("return window.APP.theme"))).findFirst().orElseThrow();
        theme.selectByValue(otherTheme);
        String themeName = theme.getFirstSelectedOption().getText().trim();
        new WebDriverWait(driver, TIMEOUT).until(d -> href().contains("theme=" + otherTheme));

        LocalDate dataDate = LocalDate.parse((String) js("return window.APP.dashboard.asOf"));
        String earlier = dataDate.minusDays(40).toString();
        js("const input = document.getElementById('asof-input'); input.value = arguments[0];"
                + " input.dispatchEvent(new Event('change', {bubbles: true}));", earlier);
        waitReady(() -> earlier.equals(js("return window.APP.dashboard.asOf")));

        Select year = new Select(driver.findElement(By.id("year-select")));
        String shownYear = year.getFirstSelectedOption().getAttribute("value");
        String otherYear = year.getOptions().stream().map(o -> o.getAttribute("value"))
                .filter(v -> !v.equals(shownYear)).findFirst().orElse(shownYear);
        if (!otherYear.equals(shownYear)) {
            year.selectByValue(otherYear);
            waitReady(() -> otherYear.equals(String.valueOf(js("return window.APP.dashboard.year"))));
        }

        String href = href();
        assertThat(href).startsWith("/api/briefing?")
                .contains("scope=town:" + townCode)
                .contains("asOf=" + earlier)
                .contains("year=" + otherYear)
                .contains("theme=" + otherTheme)
                .contains("lang=zh");
        assertThat(link.getAttribute("title")).contains(townName);

        // what the link points at: the town's pack, a PDF naming the town
        Map<String, Object> got = fetch(href);
        assertThat(got.get("status")).isEqualTo(200L);
        assertThat((String) got.get("type")).startsWith("application/pdf");
        assertThat((String) got.get("disposition")).matches("attachment; filename=\"briefing-.*\\.pdf\"");
        Files.createDirectories(OUT);
        Path pdf = OUT.resolve("town-" + townCode + ".pdf");
        Files.write(pdf, Base64.getDecoder().decode((String) got.get("base64")));
        String text = PrintedPdf.read(pdf).firstPageText();
        assertThat(text).as("the pack's cover names the town, date, income year and theme asked for")
                .contains(townName).contains(earlier).contains(otherYear).contains(themeName);

        // a village on screen: its town's pack, date, year and theme kept
        WebElement village = driver.findElement(By.cssSelector("#children .xt-children__item[data-level=village]"));
        String villageCode = village.getAttribute("data-code");
        click(village);
        waitReady(() -> villageCode.equals(js("return window.APP.dashboard.scope.code")));
        assertThat(href()).isEqualTo(href);

        // English
        click(driver.findElement(By.cssSelector("#lang-switch [data-lang=en]")));
        new WebDriverWait(driver, TIMEOUT).until(d -> "Briefing PDF".equals(link.getText()));
        assertThat(href()).isEqualTo(href.replace("lang=zh", "lang=en"));
        click(driver.findElement(By.cssSelector("#lang-switch [data-lang=zh]")));
        new WebDriverWait(driver, TIMEOUT).until(d -> "导出简报".equals(link.getText()));
    }

    @Test
    void a_click_says_it_is_generating_and_saves_the_pack_and_a_refusal_is_shown_in_the_page() throws Exception {
        Path downloads = Files.createDirectories(OUT.resolve("downloads")).toAbsolutePath();
        try (Stream<Path> old = Files.list(downloads)) {
            for (Path p : old.toList()) {
                Files.delete(p);
            }
        }
        driver.executeCdpCommand("Browser.setDownloadBehavior",
                Map.of("behavior", "allow", "downloadPath", downloads.toString()));
        open("/");
        WebElement town = driver.findElement(By.cssSelector("#children .xt-children__item[data-level=town]"));
        String townCode = town.getAttribute("data-code");
        click(town);
        waitReady(() -> townCode.equals(js("return window.APP.dashboard.scope.code")));
        WebElement link = driver.findElement(By.id("briefing-link"));
        js("window.briefingTexts = []; const link = document.getElementById('briefing-link');"
                + " new MutationObserver(() => window.briefingTexts.push(link.textContent))"
                + ".observe(link, {childList: true, characterData: true, subtree: true});");

        click(link);
        new WebDriverWait(driver, TIMEOUT).until(d -> "done".equals(link.getAttribute("data-state")));
        @SuppressWarnings("unchecked")
        List<String> texts = (List<String>) js("return window.briefingTexts");
        assertThat(texts).as("the link's words while the pack is made").contains("正在生成…");
        assertThat(link.getText()).isEqualTo("导出简报");
        String file = link.getAttribute("data-file");
        assertThat(file).startsWith("briefing-").endsWith(".pdf");
        assertThat(driver.findElement(By.id("briefing-status")).getText()).contains(file);
        Path saved = downloads.resolve(file);
        new WebDriverWait(driver, TIMEOUT).until(d -> Files.isRegularFile(saved));
        assertThat(Files.readAllBytes(saved)).startsWith('%', 'P', 'D', 'F');

        // the server refuses a pack (a theme it does not know): its reason is shown, not a broken download
        js("const link = document.getElementById('briefing-link');"
                + " link.setAttribute('href',"
                + " link.getAttribute('href').replace(/theme=[^&]*/, 'theme=no_such_theme'));");
        click(link);
        new WebDriverWait(driver, TIMEOUT).until(d -> "error".equals(link.getAttribute("data-state")));
        assertThat(driver.findElement(By.id("briefing-status")).getText())
                .startsWith("简报生成失败").contains("no_such_theme");

        // not on paper
        driver.executeCdpCommand("Emulation.setEmulatedMedia", Map.of("media", "print"));
        try {
            assertThat(link.isDisplayed()).isFalse();
            assertThat(driver.findElement(By.id("briefing-status")).isDisplayed()).isFalse();
        } finally {
            driver.executeCdpCommand("Emulation.setEmulatedMedia", Map.of("media", ""));
        }

        // another theme is another pack: what was said of the last one goes
        Select theme = new Select(driver.findElement(By.cssSelector("select[name=theme]")));
        String otherTheme = theme.getOptions().stream().map(o -> o.getAttribute("value"))
                .filter(v -> !v.equals(js("return window.APP.theme"))).findFirst().orElseThrow();
        theme.selectByValue(otherTheme);
        new WebDriverWait(driver, TIMEOUT).until(d -> href().contains("theme=" + otherTheme));
        assertThat(link.getAttribute("data-state")).isEqualTo("idle");
        assertThat(driver.findElement(By.id("briefing-status")).isDisplayed()).isFalse();
    }

    @Test
    void while_the_server_is_making_another_pack_the_page_says_when_to_try_again() throws Exception {
        open("/");
        WebElement link = driver.findElement(By.id("briefing-link"));
        HttpClient http = HttpClient.newHttpClient();
        String said = null;
        // the server makes one pack at a time (briefing.atOnce=1): while others' district packs are being made, a
        // click is refused; a click that happened to fall between them is simply tried again
        for (int attempt = 0; attempt < 5 && said == null; attempt++) {
            List<CompletableFuture<HttpResponse<byte[]>>> others = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                others.add(http.sendAsync(HttpRequest.newBuilder(URI.create(server.url("/api/briefing?scope=district")))
                        .build(), HttpResponse.BodyHandlers.ofByteArray()));
                Thread.sleep(100);
            }
            click(link);
            new WebDriverWait(driver, TIMEOUT)
                    .until(d -> List.of("done", "error").contains(link.getAttribute("data-state")));
            if ("error".equals(link.getAttribute("data-state"))) {
                said = driver.findElement(By.id("briefing-status")).getText();
                System.out.println("[briefing] a click was refused on attempt " + (attempt + 1) + ": " + said);
            }
            CompletableFuture.allOf(others.toArray(CompletableFuture[]::new)).join();
        }
        assertThat(said).as("a refused click's words").isNotNull().matches("服务器正在生成其他简报，请 \\d+ 秒后再试");
        assertThat(link.getText()).isEqualTo("导出简报");
        screenshot("briefing-refused");
        driver.manage().window().setSize(new org.openqa.selenium.Dimension(390, 844));
        try {
            assertThat(link.getSize().getHeight()).as("a phone's touch target").isGreaterThanOrEqualTo(44);
            screenshot("briefing-refused-phone");
        } finally {
            driver.manage().window().setSize(new org.openqa.selenium.Dimension(1400, 900));
        }
        click(driver.findElement(By.cssSelector("#lang-switch [data-lang=en]")));
        new WebDriverWait(driver, TIMEOUT).until(d -> "Briefing PDF".equals(link.getText()));
        assertThat(driver.findElement(By.id("briefing-status")).getText())
                .matches("The server is busy making other briefings; try again in \\d+ s");
        click(driver.findElement(By.cssSelector("#lang-switch [data-lang=zh]")));
    }

    // ---- helpers

    /** The link's address as written in the page (relative, not resolved). */
    private static String href() {
        return (String) js("return document.getElementById('briefing-link').getAttribute('href')");
    }

    /** GETs `path` from the page (its cookies), answering status, content type, disposition and body (base64). */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> fetch(String path) {
        return (Map<String, Object>) driver.executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                fetch(arguments[0]).then(async (r) => {
                  const bytes = new Uint8Array(await r.arrayBuffer());
                  let binary = '';
                  for (let i = 0; i < bytes.length; i += 0x8000) {
                    binary += String.fromCharCode.apply(null, bytes.subarray(i, i + 0x8000));
                  }
                  done({status: r.status, type: r.headers.get('Content-Type'),
                        disposition: r.headers.get('Content-Disposition'), base64: btoa(binary)});
                }, (e) => done({status: -1, type: String(e), disposition: '', base64: ''}));
                """, path);
    }

    private static void open(String path) {
        driver.manage().logs().get(LogType.BROWSER);
        Navigation.load(driver, server.url(path));
        new WebDriverWait(driver, TIMEOUT).until(d -> "true".equals(js("return document.body.dataset.ready")));
        List<LogEntry> errors = driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue()).toList();
        assertThat(errors).extracting(LogEntry::getMessage).isEmpty();
    }

    private static void waitReady(java.util.function.Supplier<Boolean> condition) {
        new WebDriverWait(driver, TIMEOUT).until(d -> "true".equals(js("return document.body.dataset.ready"))
                && Boolean.TRUE.equals(condition.get()));
    }

    private static void click(WebElement element) {
        new Actions(driver).moveToElement(element).click().perform();
    }

    /** Saves a screenshot under target/screenshots. */
    private static void screenshot(String name) throws IOException {
        Path dir = Files.createDirectories(Path.of("target", "screenshots"));
        Files.write(dir.resolve(name + ".png"), driver.getScreenshotAs(org.openqa.selenium.OutputType.BYTES));
    }

    private static Object js(String script, Object... args) {
        return driver.executeScript(script, args);
    }
}
