package org.xiangtu.briefing;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.xiangtu.catalog.I18n;

/**
 * The cockpit's choropleth themes (web/js/map/themes.js) on the server: the same ids, metrics, palettes and
 * quantile classes (web/js/map/classify.js), so a printed map is coloured as the screen shows it.
 * {@code ThemesTest} reads the page's module and fails when the two part.
 */
public final class Themes {
    /** Fill of a village with no value, and of villages outside the scope. */
    public static final String NO_DATA = "#dee2e6";
    public static final String OUTSIDE = "#f8f9fa";
    public static final String DEFAULT = "water_coverage";

    /** A theme: the village metric of {@code /api/dashboard} it colours by, its name and unit, and its palette. */
    public record Theme(String id, String metric, I18n label, I18n unit, boolean ratio, List<String> palette) {
    }

    public static final List<Theme> ALL = List.of(
            new Theme("water_coverage", "water_coverage", new I18n("集中供水覆盖率", "Water supply coverage"),
                    new I18n("%", "%"), true, List.of("#eff3ff", "#bdd7e7", "#6baed6", "#3182bd", "#08519c")),
            new Theme("progress_pct", "progress_pct", new I18n("项目进度", "Project progress"), new I18n("%", "%"), false,
                    List.of("#edf8e9", "#bae4b3", "#74c476", "#31a354", "#006d2c")),
            new Theme("income", "income", new I18n("人均可支配收入", "Income per capita"), new I18n("元/人", "yuan/person"),
                    false, List.of("#f2f0f7", "#cbc9e2", "#9e9ac8", "#756bb1", "#54278f")),
            new Theme("poor_households", "poor_households", new I18n("建卡贫困户", "Poor households"),
                    new I18n("户", "households"), false, List.of("#fee5d9", "#fcae91", "#fb6a4a", "#de2d26", "#a50f15")),
            new Theme("industry_mu", "industry_mu", new I18n("产业基地面积", "Industry area"), new I18n("亩", "mu"), false,
                    List.of("#feedde", "#fdbe85", "#fd8d3c", "#e6550d", "#a63603")));

    private Themes() {
    }

    public static Optional<Theme> byId(String id) {
        return ALL.stream().filter(t -> t.id().equals(id)).findFirst();
    }

    /** One class of a choropleth: the values it holds (min–max, as shown in the legend), their count, its colour. */
    public record Band(double min, double max, int count, String color) {
    }

    /** Villages classified under a theme: the classes, the villages without a value, the colour of each village id. */
    public record Choropleth(Theme theme, List<Band> bands, int noData, Map<String, String> colorById) {
    }

    /**
     * Classifies dashboard village rows ({@code id}, {@code metrics}) under a theme: 5 quantile classes whose
     * breaks are data values (fewer when values repeat), as the cockpit does.
     */
    public static Choropleth choropleth(Theme theme, List<Map<String, Object>> villages) {
        List<Double> values = new ArrayList<>();
        for (Map<String, Object> v : villages) {
            values.add(value(theme, v));
        }
        List<Double> breaks = quantileBreaks(values, theme.palette().size());
        int classes = Math.max(0, breaks.size() - 1);
        List<String> colors = paletteFor(theme.palette(), classes);
        double[] min = new double[classes];
        double[] max = new double[classes];
        int[] count = new int[classes];
        Map<String, String> colorById = new LinkedHashMap<>();
        int noData = 0;
        for (int i = 0; i < villages.size(); i++) {
            Double v = values.get(i);
            int index = classIndex(v, breaks);
            String id = (String) villages.get(i).get("id");
            if (index < 0) {
                noData++;
                colorById.put(id, NO_DATA);
                continue;
            }
            min[index] = count[index] == 0 ? v : Math.min(min[index], v);
            max[index] = count[index] == 0 ? v : Math.max(max[index], v);
            count[index]++;
            colorById.put(id, colors.get(index));
        }
        List<Band> bands = new ArrayList<>();
        for (int i = 0; i < classes; i++) {
            bands.add(new Band(min[i], max[i], count[i], colors.get(i)));
        }
        return new Choropleth(theme, bands, noData, colorById);
    }

    /** A village's value under a theme (ratios in percent), or null. */
    static Double value(Theme theme, Map<String, Object> village) {
        Object metrics = village.get("metrics");
        if (!(metrics instanceof Map<?, ?> m) || !(m.get(theme.metric()) instanceof Number n)
                || !Double.isFinite(n.doubleValue())) {
            return null;
        }
        return theme.ratio() ? n.doubleValue() * 100 : n.doubleValue();
    }

    static List<Double> quantileBreaks(List<Double> values, int count) {
        List<Double> sorted = values.stream().filter(v -> v != null).sorted().toList();
        if (sorted.isEmpty()) {
            return List.of();
        }
        int n = sorted.size();
        double lo = sorted.get(0);
        double hi = sorted.get(n - 1);
        List<Double> breaks = new ArrayList<>();
        breaks.add(lo);
        for (int i = 1; i < count; i++) {
            double b = sorted.get((int) Math.floor((double) i * n / count));
            if (b > lo && b <= hi && b != breaks.get(breaks.size() - 1)) {
                breaks.add(b);
            }
        }
        breaks.add(hi);
        return breaks;
    }

    static int classIndex(Double v, List<Double> breaks) {
        if (v == null || breaks.size() < 2) {
            return -1;
        }
        int last = breaks.size() - 2;
        for (int i = 0; i < last; i++) {
            if (v < breaks.get(i + 1)) {
                return i;
            }
        }
        return last;
    }

    static List<String> paletteFor(List<String> palette, int count) {
        if (count <= 0) {
            return List.of();
        }
        if (count >= palette.size()) {
            return palette.subList(0, count > palette.size() ? palette.size() : count);
        }
        if (count == 1) {
            return List.of(palette.get(palette.size() / 2));
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            out.add(palette.get((int) Math.round((double) i * (palette.size() - 1) / (count - 1))));
        }
        return out;
    }
}
