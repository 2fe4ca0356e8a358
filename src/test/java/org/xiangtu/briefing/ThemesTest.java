package org.xiangtu.briefing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The printed map's themes are the cockpit's: same ids, metrics and palettes, same quantile classes. */
class ThemesTest {
    @Test
    void the_themes_are_those_of_the_cockpits_module() throws Exception {
        String js = Files.readString(Path.of("web/js/map/themes.js"));
        Matcher m = Pattern.compile("id: '([a-z_]+)', metric: '([a-z_]+)'.*?palette: \\[([^\\]]*)\\]", Pattern.DOTALL)
                .matcher(js);
        Map<String, List<String>> palettes = new LinkedHashMap<>();
        Map<String, String> metrics = new LinkedHashMap<>();
        while (m.find()) {
            List<String> colours = new ArrayList<>();
            Matcher c = Pattern.compile("'(#[0-9a-f]{6})'").matcher(m.group(3));
            while (c.find()) {
                colours.add(c.group(1));
            }
            palettes.put(m.group(1), colours);
            metrics.put(m.group(1), m.group(2));
        }
        assertThat(palettes).hasSize(5);
        assertThat(Themes.ALL.stream().map(Themes.Theme::id)).containsExactlyElementsOf(palettes.keySet());
        for (Themes.Theme t : Themes.ALL) {
            assertThat(t.palette()).as(t.id()).isEqualTo(palettes.get(t.id()));
            assertThat(t.metric()).as(t.id()).isEqualTo(metrics.get(t.id()));
        }
        assertThat(js).contains("NO_DATA_COLOR = '" + Themes.NO_DATA + "'", "OUTSIDE_COLOR = '" + Themes.OUTSIDE + "'");
    }

    @Test
    void quantile_classes_are_data_values_as_on_the_screen() {
        // 10 values, 5 classes: breaks at sorted[2], [4], [6], [8] (web/js/map/classify.js)
        assertThat(Themes.quantileBreaks(List.of(1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0, 10.0), 5))
                .containsExactly(1.0, 3.0, 5.0, 7.0, 9.0, 10.0);
        assertThat(Themes.quantileBreaks(List.of(4.0, 4.0, 4.0), 5)).containsExactly(4.0, 4.0);
        assertThat(Themes.quantileBreaks(java.util.Arrays.asList(null, 2.0), 5)).containsExactly(2.0, 2.0);
        assertThat(Themes.classIndex(10.0, List.of(1.0, 3.0, 5.0, 7.0, 9.0, 10.0))).isEqualTo(4);
        assertThat(Themes.classIndex(3.0, List.of(1.0, 3.0, 5.0, 7.0, 9.0, 10.0))).isEqualTo(1);
        assertThat(Themes.classIndex(null, List.of(1.0, 3.0))).isEqualTo(-1);
        assertThat(Themes.paletteFor(List.of("a", "b", "c", "d", "e"), 3)).containsExactly("a", "c", "e");
    }

    @Test
    void villages_are_coloured_by_their_class_and_those_without_a_value_grey() {
        Themes.Theme water = Themes.byId("water_coverage").orElseThrow();
        List<Map<String, Object>> rows = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            rows.add(Map.of("id", "v" + i, "metrics", Map.of("water_coverage", i / 10.0)));
        }
        rows.add(Map.of("id", "none", "metrics", Map.of()));
        Themes.Choropleth c = Themes.choropleth(water, rows);
        assertThat(c.bands()).hasSize(5);
        assertThat(c.bands().get(0).min()).isEqualTo(0.0); // ratios in percent, as the legend shows them
        assertThat(c.bands().get(4).max()).isEqualTo(90.0);
        assertThat(c.colorById().get("v0")).isEqualTo(water.palette().get(0));
        assertThat(c.colorById().get("v9")).isEqualTo(water.palette().get(4));
        assertThat(c.colorById().get("none")).isEqualTo(Themes.NO_DATA);
        assertThat(c.noData()).isEqualTo(1);
    }
}
