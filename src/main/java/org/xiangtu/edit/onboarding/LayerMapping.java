package org.xiangtu.edit.onboarding;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.xiangtu.catalog.FieldDef;
import org.xiangtu.catalog.FieldType;
import org.xiangtu.catalog.LayerDef;
import org.xiangtu.io.upload.ParsedUpload;
import org.xiangtu.io.upload.UploadField;

/**
 * How a county's file becomes a catalogue layer: which source column fills which catalogue field, by
 * which field rows are matched to the layer's current features, how town and village codes are joined,
 * and whether the file replaces the layer or is merged into it. Saved as JSON, the same mapping drives
 * the admin's apply and {@code import --map FILE} for next year's file.
 *
 * @param target the catalogue layer id, e.g. {@code villages}
 * @param fields source column (its original name, e.g. {@code 村名}) → catalogue field name; a source
 *     column not named here is left out, a catalogue field not filled keeps its current value (merge) or
 *     is null (replace)
 * @param key the catalogue field whose value identifies a feature (a row whose key matches a current
 *     feature's is that feature, with its id); null: the layer's {@code code} field when it has one, else
 *     rows are only added
 * @param namesAsCodes whether a value of a code field ({@code ref} towns or villages) that is no known
 *     code but a known name is taken as that place's code (the unmatched are listed either way)
 * @param mode {@link Mode#REPLACE}: the layer becomes the file's rows; {@link Mode#MERGE}: rows change or
 *     add features, the others stay
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record LayerMapping(String target, Map<String, String> fields, String key, boolean namesAsCodes, Mode mode) {

    public LayerMapping {
        if (target == null || target.isBlank()) {
            throw new IllegalArgumentException("a mapping needs its target layer");
        }
        fields = fields == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(fields));
        mode = mode == null ? Mode.MERGE : mode;
    }

    /** Replace the layer, or merge rows into it. */
    public enum Mode {
        REPLACE, MERGE;

        @com.fasterxml.jackson.annotation.JsonValue
        public String json() {
            return name().toLowerCase(Locale.ROOT);
        }

        @com.fasterxml.jackson.annotation.JsonCreator
        public static Mode of(String s) {
            for (Mode m : values()) {
                if (m.json().equalsIgnoreCase(s == null ? "" : s.strip())) {
                    return m;
                }
            }
            throw new IllegalArgumentException("mode must be replace or merge, not '" + s + "'");
        }
    }

    /** The key field this mapping matches rows by, or null. */
    public String keyField(LayerDef layer) {
        if (key != null) {
            return key;
        }
        return layer.field("code").isPresent() ? "code" : null;
    }

    /**
     * One suggested pairing.
     *
     * @param how {@code name} (same name, case and underscores aside), {@code title} (the catalogue field's
     *     Chinese title, or a usual Chinese column name for it) or {@code similar} (most characters shared
     *     with the title, types compatible)
     * @param unit the catalogue field's unit in Chinese, e.g. 户, so the admin can check the file's; null if none
     * @param sourceUnit the unit the column's name gives in brackets (面积（亩） → 亩), else null
     * @param unitWarning when the column names a unit other than the field's (万元 for 元): what to check, else null
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Match(String source, FieldType sourceType, String target, FieldType targetType, String how,
            double score, String unit, String sourceUnit, String unitWarning) {

        Match(String source, FieldType sourceType, String target, FieldType targetType, String how, double score,
                String unit) {
            this(source, sourceType, target, targetType, how, score, unit, unitOf(source),
                    warning(source, unitOf(source), unit));
        }
    }

    private static final java.util.regex.Pattern UNIT = java.util.regex.Pattern.compile(".*[(（\\[]([^()（）\\[\\]]+)[)）\\]]\\s*$");

    /** The unit a column name gives in brackets at its end ({@code 面积（亩）}, {@code budget (万元)}), else null. */
    static String unitOf(String column) {
        java.util.regex.Matcher m = UNIT.matcher(column == null ? "" : column);
        return m.matches() ? m.group(1).strip() : null;
    }

    private static String warning(String column, String sourceUnit, String unit) {
        if (sourceUnit == null || unit == null || normal(sourceUnit).equals(normal(unit))) {
            return null;
        }
        return "column '" + column + "' is in " + sourceUnit + ", the catalogue field in " + unit
                + ": convert the values before applying";
    }

    /** A suggested mapping, the pairings behind it and what was left unpaired on each side. */
    public record Suggestion(LayerMapping mapping, List<Match> matches, List<String> unmappedSource,
            List<String> unmappedTarget) {
    }

    /** Usual Chinese column names for common catalogue fields, beyond their titles. */
    private static final Map<String, List<String>> USUAL = Map.of(
            "name", List.of("名称", "名字", "村名", "镇名", "村名称", "镇街名称", "乡镇名称", "行政村名称", "村庄名称", "站名"),
            "code", List.of("代码", "编码", "村代码", "村编码", "镇街代码", "行政区划代码", "区划代码"),
            "town_code", List.of("镇代码", "乡镇代码", "镇街代码", "所属镇街", "所属乡镇", "镇街", "乡镇"),
            "village_code", List.of("村代码", "所属村", "行政村"));

    /** The smallest similarity for a {@code similar} pairing. */
    static final double SIMILAR = 0.5;

    /**
     * A first mapping of {@code upload} onto {@code layer}: each source column paired with at most one field
     * and each field with at most one column, the best pairings first: the same name, then the Chinese
     * title (or a usual name), then the most similar title among fields whose type the column's values can
     * take. Merge mode, names taken as codes.
     */
    public static Suggestion suggest(ParsedUpload upload, LayerDef layer) {
        List<Match> candidates = new ArrayList<>();
        for (UploadField s : upload.fields()) {
            for (FieldDef f : layer.fields()) {
                Match m = pair(s, f);
                if (m != null) {
                    candidates.add(m);
                }
            }
        }
        candidates.sort(Comparator.comparingDouble(Match::score).reversed());
        Set<String> usedSource = new HashSet<>();
        Set<String> usedTarget = new HashSet<>();
        List<Match> chosen = new ArrayList<>();
        for (Match m : candidates) {
            if (!usedSource.contains(m.source()) && !usedTarget.contains(m.target())) {
                usedSource.add(m.source());
                usedTarget.add(m.target());
                chosen.add(m);
            }
        }
        Map<String, String> fields = new LinkedHashMap<>();
        List<Match> ordered = new ArrayList<>();
        for (UploadField s : upload.fields()) {
            chosen.stream().filter(m -> m.source().equals(s.name())).findFirst().ifPresent(m -> {
                fields.put(m.source(), m.target());
                ordered.add(m);
            });
        }
        List<String> unmappedSource = upload.fields().stream().map(UploadField::name)
                .filter(n -> !usedSource.contains(n)).toList();
        List<String> unmappedTarget = layer.fields().stream().map(FieldDef::name)
                .filter(n -> !usedTarget.contains(n)).toList();
        return new Suggestion(new LayerMapping(layer.id(), fields, null, true, Mode.MERGE), ordered,
                unmappedSource, unmappedTarget);
    }

    private static Match pair(UploadField s, FieldDef f) {
        String unit = f.unit() == null ? null : f.unit().zh();
        String source = normal(s.name());
        if (source.equals(normal(f.name())) && compatible(s.type(), f, true)) {
            return new Match(s.name(), s.type(), f.name(), f.type(), "name", 1.0, unit);
        }
        if (!compatible(s.type(), f, false)) {
            return null;
        }
        if (source.equals(normal(f.title().zh())) || source.equals(normal(f.title().en()))) {
            return new Match(s.name(), s.type(), f.name(), f.type(), "title", 0.95, unit);
        }
        if (USUAL.getOrDefault(f.name(), List.of()).stream().anyMatch(u -> normal(u).equals(source))) {
            return new Match(s.name(), s.type(), f.name(), f.type(), "title", 0.9, unit);
        }
        double score = similarity(source, normal(f.title().zh()));
        return score >= SIMILAR ? new Match(s.name(), s.type(), f.name(), f.type(), "similar", score * 0.85, unit)
                : null;
    }

    /**
     * Whether a column of type {@code source} can fill {@code f}: anything fills a string; numbers fill
     * numbers; a string fills a date, a boolean, an enumeration (by value or title) or, when the names are
     * the same ({@code byName}), a number (checked per row).
     */
    static boolean compatible(FieldType source, FieldDef f, boolean byName) {
        return switch (f.type()) {
            case STRING -> true;
            case INTEGER, NUMBER -> source == FieldType.INTEGER || source == FieldType.NUMBER
                    || (byName && source == FieldType.STRING);
            case BOOLEAN -> source == FieldType.BOOLEAN || source == FieldType.STRING || source == FieldType.INTEGER;
            case DATE -> source == FieldType.DATE || source == FieldType.STRING;
        };
    }

    /** Lower case, NFKC (full-width to half-width), without spaces, underscores, hyphens and brackets. */
    static String normal(String s) {
        String n = Normalizer.normalize(s == null ? "" : s, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT);
        return n.replaceAll("[\\s_\\-()（）\\[\\]]+", "");
    }

    /** The mean of the Dice coefficients of the two texts' characters and of their character pairs. */
    static double similarity(String a, String b) {
        if (a.isEmpty() || b.isEmpty()) {
            return 0;
        }
        return (dice(grams(a, 1), grams(b, 1)) + dice(grams(a, 2), grams(b, 2))) / 2;
    }

    private static Set<String> grams(String s, int n) {
        Set<String> out = new LinkedHashSet<>();
        int[] cps = s.codePoints().toArray();
        for (int i = 0; i + n <= cps.length; i++) {
            out.add(new String(cps, i, n));
        }
        return out;
    }

    private static double dice(Set<String> a, Set<String> b) {
        if (a.isEmpty() || b.isEmpty()) {
            return 0;
        }
        long shared = a.stream().filter(b::contains).count();
        return 2.0 * shared / (a.size() + b.size());
    }
}
