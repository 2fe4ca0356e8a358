package org.xiangtu.briefing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.xiangtu.catalog.DataSource;
import org.xiangtu.catalog.LayerDef;
import org.xiangtu.catalog.Role;
import org.xiangtu.io.GeoJsonLayerReader;
import org.xiangtu.store.Feature;
import org.xiangtu.testing.ApiClient;
import org.xiangtu.testing.Requirements;
import org.xiangtu.testing.TestServer;

/**
 * Briefing packs read back as a person and a PDF reader would: Debian's poppler-utils count the pages
 * ({@code pdfinfo}), list the fonts ({@code pdffonts}: all embedded), extract each page's text
 * ({@code pdftotext}) — whose figures must be those of {@code /api/dashboard} for the same date and year —
 * and render a page ({@code pdftoppm}) whose map must be drawn. Leader-only figures appear only in a
 * leader's pack; no household's data appears in any.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BriefingPdfIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String AS_OF = "2020-06-30";
    private static final int YEAR = 2019;
    private TestServer server;
    private Path dir;
    private Path district;
    private JsonNode towns;

    @BeforeAll
    void start() throws Exception {
        for (String tool : List.of("pdfinfo", "pdffonts", "pdftotext", "pdftoppm")) {
            Requirements.requireExecutable("/usr/bin/" + tool, "poppler-utils' " + tool);
        }
        server = TestServer.start();
        server.addUser("briefing-leader", Role.LEADER, "briefing-password-1");
        dir = Files.createTempDirectory("xiangtu-briefing");
        district = download(server.client(), "/api/briefing?asOf=" + AS_OF + "&year=" + YEAR, "district.pdf");
        towns = api(server.client(), "/api/dashboard?asOf=" + AS_OF + "&year=" + YEAR).get("children");
    }

    @AfterAll
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void the_district_pack_is_a_cover_and_a_page_per_town_with_every_font_embedded_under_3_mb() throws Exception {
        assertThat(towns.size()).isEqualTo(28);
        assertThat(run("pdfinfo", district.toString())).containsPattern("(?m)^Pages:\\s+29$");
        assertThat(Files.size(district)).isLessThan(3L << 20);
        List<String> fonts = run("pdffonts", district.toString()).lines().skip(2).toList();
        assertThat(fonts).isNotEmpty();
        for (String font : fonts) {
            // name, type (two words), encoding, emb, sub, uni, object id
            String[] c = font.trim().split("\\s+");
            assertThat(c[c.length - 5]).as("embedded: " + font).isEqualTo("yes");
            assertThat(c[c.length - 4]).as("subset: " + font).isEqualTo("yes");
        }
        assertThat(fonts.get(0)).contains("WenQuanYi");
        String bookmarks = run("pdfinfo", "-dests", district.toString());
        assertThat(bookmarks).isNotBlank();
    }

    @Test
    void every_page_shows_the_cockpits_figures_for_the_same_date_and_year() throws Exception {
        ApiClient client = server.client();
        String cover = page(district, 1);
        assertThat(cover).contains("铜梁区乡村振兴简报", "目录", "数据截至 " + AS_OF, "第 1 页 / 共 29 页");
        JsonNode d = api(client, "/api/dashboard?asOf=" + AS_OF + "&year=" + YEAR);
        assertFigures(cover, d, "cover");
        for (int i = 0; i < towns.size(); i++) {
            String name = towns.get(i).get("name").asText();
            String code = towns.get(i).get("code").asText();
            assertThat(cover).as("the table of contents").contains(name);
            String text = page(district, i + 2);
            assertThat(text).contains("铜梁区 · " + name, "数据截至 " + AS_OF, "收入年份 " + YEAR,
                    "第 " + (i + 2) + " 页 / 共 29 页", "演示数据");
            JsonNode t = api(client, "/api/dashboard/towns/" + code + "?asOf=" + AS_OF + "&year=" + YEAR);
            assertFigures(text, t, name);
            JsonNode before = api(client, "/api/dashboard/towns/" + code + "?asOf=2019-06-30&year=" + (YEAR - 1));
            assertThat(text).as(name + ": income change").contains("较上年同期 " + change(kpi(t, "income").get("value"),
                    kpi(before, "income").get("value")) + " 元");
            for (String project : mostOverdue(t)) {
                assertThat(text).as(name + ": most overdue projects").contains(project.substring(0, Math.min(6,
                        project.length())));
            }
        }
    }

    @Test
    void the_map_of_a_page_is_drawn() throws Exception {
        Process p = new ProcessBuilder("pdftoppm", "-r", "50", "-f", "2", "-l", "2", "-png", district.toString(),
                dir.resolve("page").toString()).redirectErrorStream(true).start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        Path png;
        try (var files = Files.list(dir)) {
            png = files.filter(f -> f.getFileName().toString().startsWith("page")).findFirst().orElseThrow();
        }
        BufferedImage img = ImageIO.read(png.toFile());
        double k = 50 / 72.0; // the map's box: x 36–376 pt, 82–372 pt from the top
        int x0 = (int) (40 * k);
        int x1 = (int) (372 * k);
        int y0 = (int) (86 * k);
        int y1 = (int) (368 * k);
        int coloured = 0;
        int all = 0;
        Set<Integer> colours = new HashSet<>();
        for (int y = y0; y < y1; y++) {
            for (int x = x0; x < x1; x++) {
                int rgb = img.getRGB(x, y) & 0xffffff;
                all++;
                if (rgb != 0xffffff) {
                    coloured++;
                    colours.add((rgb >> 20 & 0xf) << 8 | (rgb >> 12 & 0xf) << 4 | (rgb >> 4 & 0xf));
                }
            }
        }
        assertThat(coloured).as("the map's box is painted").isGreaterThan(all / 3);
        assertThat(colours.size()).as("in several colours (theme classes, symbols)").isGreaterThanOrEqualTo(8);
    }

    @Test
    void leader_only_figures_appear_only_in_a_leaders_pack_and_no_household_in_any() throws Exception {
        ApiClient publicClient = server.client();
        ApiClient leader = server.client();
        assertThat(leader.signIn("briefing-leader", "briefing-password-1").statusCode()).isEqualTo(200);
        String town = null;
        String village = null;
        for (JsonNode t : towns) {
            for (JsonNode v : api(publicClient, "/api/dashboard/towns/" + t.get("code").asText() + "?asOf=" + AS_OF
                    + "&year=" + YEAR).get("children")) {
                if (village == null && v.get("metrics").get("poor_households").isNull()) {
                    town = t.get("code").asText();
                    village = v.get("code").asText();
                }
            }
        }
        assertThat(village).as("a village whose household figures are withheld from the public").isNotNull();
        String query = "/api/briefing?scope=town:" + town + "&asOf=" + AS_OF + "&year=" + YEAR;
        Path open = download(publicClient, query, "public.pdf");
        Path leaders = download(leader, query, "leader.pdf");
        JsonNode forPublic = api(publicClient, "/api/dashboard/villages/" + village + "?asOf=" + AS_OF + "&year=" + YEAR);
        JsonNode forLeader = api(leader, "/api/dashboard/villages/" + village + "?asOf=" + AS_OF + "&year=" + YEAR);
        assertThat(kpi(forPublic, "poor_households").get("suppressed").asBoolean()).isTrue();
        int pageOfVillage = pageNaming(open, forPublic.get("scope").get("name").asText());
        String publicText = page(open, pageOfVillage);
        String leaderText = page(leaders, pageOfVillage);
        assertFigures(publicText, forPublic, "public");
        assertFigures(leaderText, forLeader, "leader");
        assertThat(publicText).contains("不公开");
        assertThat(leaderText).doesNotContain("不公开")
                .containsPattern("(?<![0-9.,])" + Pattern.quote(printed(kpi(forLeader, "poor_households").get("value")))
                        + "\\s*户");

        Set<String> secrets = householdSecrets();
        for (Path pack : List.of(open, district)) {
            String all = run("pdftotext", "-enc", "UTF-8", pack.toString(), "-");
            for (String token : all.split("[^\\p{IsHan}0-9a-z-]+")) {
                assertThat(secrets).as("no household's code or name in " + pack.getFileName()).doesNotContain(token);
            }
            String han = all.replaceAll("[^\\p{IsHan}]", " ");
            for (String run : han.split(" +")) {
                for (int i = 0; i + 3 <= run.length(); i++) { // a name may sit inside a longer run of text
                    assertThat(secrets).as("no household head's name in " + pack.getFileName())
                            .doesNotContain(run.substring(i, i + 3));
                }
            }
        }
    }

    // ---- helpers

    /** Each key figure the pack shows, as the API gives it: the printed number, or "不公开" when withheld. */
    private static void assertFigures(String text, JsonNode answer, String where) {
        for (String id : Pack.KPIS) {
            JsonNode k = kpi(answer, id);
            assertThat(k).as(where + ": " + id).isNotNull();
            assertThat(text).as(where + ": " + id + " label").contains(k.get("label").get("zh").asText());
            if (k.get("suppressed").asBoolean()) {
                assertThat(text).as(where + ": " + id + " withheld").contains("不公开");
            } else if (!k.get("value").isNull()) {
                // the value and its unit are two runs of text at two sizes: extraction may or may not put a space between
                assertThat(text).as(where + ": " + id).containsPattern("(?<![0-9.,])" + Pattern.quote(printed(
                        k.get("value"))) + "\\s*" + Pattern.quote(k.get("unit").get("zh").asText()));
            }
        }
    }

    /** The API's number as the pack prints it: whole numbers with separators, others with one decimal. */
    private static String printed(JsonNode value) {
        return value.isIntegralNumber() ? String.format(Locale.ROOT, "%,d", value.asLong())
                : String.format(Locale.ROOT, "%,.1f", value.asDouble());
    }

    private static String change(JsonNode now, JsonNode before) {
        double delta = now.asDouble() - before.asDouble();
        String n = now.isIntegralNumber() && before.isIntegralNumber()
                ? String.format(Locale.ROOT, "%,d", Math.abs(now.asLong() - before.asLong()))
                : String.format(Locale.ROOT, "%,.1f", Math.abs(delta));
        return delta == 0 ? "0" : (delta > 0 ? "+" : "−") + n;
    }

    private static JsonNode kpi(JsonNode answer, String id) {
        for (JsonNode k : answer.get("kpis")) {
            if (k.get("id").asText().equals(id)) {
                return k;
            }
        }
        return null;
    }

    /** The names of the five projects behind the overdue figure that are most days late, from the OGC API's dates. */
    private List<String> mostOverdue(JsonNode answer) throws Exception {
        Map<String, JsonNode> projects = projects();
        List<JsonNode> late = new ArrayList<>();
        kpi(answer, "projects_overdue").get("ids").forEach(id -> late.add(projects.get(id.asText())));
        late.sort(Comparator.<JsonNode, LocalDate>comparing(p -> LocalDate.parse(p.get("due").asText()))
                .thenComparing(p -> p.get("name").asText()));
        return late.stream().limit(5).map(p -> p.get("name").asText()).toList();
    }

    private Map<String, JsonNode> projectsById;

    private Map<String, JsonNode> projects() throws Exception {
        if (projectsById == null) {
            projectsById = new HashMap<>();
            JsonNode items = api(server.client(), "/ogc/collections/projects/items?limit=10000");
            items.get("features").forEach(f -> projectsById.put(f.get("id").asText(), f.get("properties")));
        }
        return projectsById;
    }

    private Set<String> householdSecrets() throws IOException {
        Set<String> secrets = new HashSet<>();
        DataSource data = DataSource.folder(Path.of("data"));
        LayerDef households = server.catalog.layer("households").orElseThrow();
        try (InputStream in = data.open(households.file())) {
            for (Feature f : GeoJsonLayerReader.read(households, in, households.file())) {
                secrets.add(f.id());
                for (String field : List.of("code", "head_name")) {
                    if (f.properties().get(field) instanceof String s && !s.isEmpty()) {
                        secrets.add(s);
                    }
                }
            }
        }
        assertThat(secrets).hasSizeGreaterThan(4_000);
        return secrets;
    }

    private static JsonNode api(ApiClient client, String path) throws Exception {
        HttpResponse<String> r = client.get(path);
        assertThat(r.statusCode()).as(path + " → " + r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    private Path download(ApiClient client, String path, String name) throws Exception {
        HttpResponse<InputStream> r = client.open(path, Map.of());
        assertThat(r.statusCode()).as(path).isEqualTo(200);
        Path file = dir.resolve(name);
        try (InputStream in = r.body()) {
            Files.copy(in, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        return file;
    }

    private int pageNaming(Path pdf, String name) throws Exception {
        int pages = Integer.parseInt(run("pdfinfo", pdf.toString()).replaceAll("(?s).*\\nPages:\\s+(\\d+).*", "$1"));
        for (int i = 2; i <= pages; i++) {
            if (page(pdf, i).lines().findFirst().orElse("").endsWith(" · " + name)) {
                return i;
            }
        }
        throw new AssertionError(name + " has no page in " + pdf);
    }

    private static String page(Path pdf, int n) throws Exception {
        return run("pdftotext", "-f", String.valueOf(n), "-l", String.valueOf(n), "-enc", "UTF-8", pdf.toString(), "-");
    }

    private static String run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(String.join(" ", command) + ": " + out).isZero();
        return out;
    }
}
