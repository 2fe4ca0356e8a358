package org.xiangtu.edit.onboarding;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import org.locationtech.jts.geom.Geometry;
import org.xiangtu.catalog.FieldDef;
import org.xiangtu.catalog.LayerDef;
import org.xiangtu.io.FeatureChecks;
import org.xiangtu.io.upload.ParsedUpload;
import org.xiangtu.io.upload.UploadFeature;
import org.xiangtu.io.upload.UploadReport;
import org.xiangtu.store.DataException;
import org.xiangtu.store.Feature;

/**
 * What applying a mapping would do, worked out without writing anything: the file's rows made into the
 * layer's features (values converted and checked against the catalogue, codes joined, ids given), the
 * problems per row, and the difference from the layer's current features by id. Pure: the caller hands
 * in the current features and the known places. Lists are bounded ({@link #LISTED}); counts are not.
 *
 * <p>Rules: a value that cannot be made into its field's type or allowed values is left null and listed
 * as a problem; a code (a field with {@code ref} towns or villages) that is no known code is taken by
 * name when the mapping says so, else kept and listed as unmatched; a row whose key is empty or repeats an
 * earlier row's is skipped and listed; in merge mode a row without geometry keeps the matched feature's,
 * and fields the mapping does not fill keep their current values.
 */
public final class OnboardingPreview {
    /** At most this many problems, unmatched rows and ids of each diff list are listed. */
    public static final int LISTED = 100;

    /** The known places, code → name, that code fields are joined against. */
    public record Places(Map<String, String> towns, Map<String, String> villages) {
        public Places {
            towns = Map.copyOf(towns);
            villages = Map.copyOf(villages);
        }

        public static Places none() {
            return new Places(Map.of(), Map.of());
        }
    }

    /** A row's problem: its position in the file (from 0), the catalogue field (or {@code geometry}, {@code key}), the value and why. */
    public record RowProblem(int row, String field, String value, String problem) {
    }

    /** A row whose code matched no known place. */
    public record Unmatched(int row, String field, String value) {
    }

    /** The difference from the current layer, by feature id. */
    public record Diff(int added, int changed, int removed, int unchanged, List<String> addedIds,
            List<String> changedIds, List<String> removedIds) {
    }

    /**
     * The preview.
     *
     * @param base a fingerprint of the current layer (ids and update times): an apply given it is refused
     *     when the layer has changed since
     * @param rows rows in the file; {@code written} features that an apply writes (added and changed);
     *     {@code skipped} rows left out
     * @param repaired, repairs the file's repaired geometries, from the upload's report
     * @param features the features an apply writes (replace: all of the new layer; merge: added and
     *     changed), not serialised
     */
    public record Result(String target, String mode, String base, int rows, int written, int skipped,
            int repaired, List<UploadReport.Repair> repairs, int problemCount, List<RowProblem> problems,
            int unmatchedCount, List<Unmatched> unmatched, Diff diff, @JsonIgnore List<Feature> features) {
    }

    private OnboardingPreview() {
    }

    /**
     * Works out the preview.
     *
     * @param current the layer's features now, with every catalogue field and {@code updated_at}
     * @param updatedAt the time written features carry (RFC 3339 UTC)
     */
    public static Result preview(ParsedUpload upload, LayerMapping mapping, LayerDef layer, List<Feature> current,
            Places places, String updatedAt) {
        Map<String, String> targets = checkedFields(mapping, layer);
        String key = mapping.keyField(layer);
        if (key != null && layer.field(key).isEmpty()) {
            throw new IllegalArgumentException("key: layer '" + layer.id() + "' has no field '" + key + "'");
        }
        Map<String, Feature> byId = new LinkedHashMap<>();
        Map<String, Feature> byKey = new HashMap<>();
        for (Feature f : current) {
            byId.put(f.id(), f);
            if (key != null && f.properties().get(key) != null) {
                byKey.putIfAbsent(String.valueOf(f.properties().get(key)), f);
            }
        }
        String prefix = idPrefix(current, key);
        List<RowProblem> problems = new ArrayList<>();
        int[] problemCount = {0};
        List<Unmatched> unmatched = new ArrayList<>();
        int unmatchedCount = 0;
        Set<String> seen = new HashSet<>();
        Map<String, Feature> result = new LinkedHashMap<>();
        int skipped = 0;
        boolean merge = mapping.mode() == LayerMapping.Mode.MERGE;
        List<UploadFeature> rows = upload.features();
        for (int row = 0; row < rows.size(); row++) {
            UploadFeature u = rows.get(row);
            Map<String, Object> values = new LinkedHashMap<>();
            for (Map.Entry<String, String> e : targets.entrySet()) {
                FieldDef f = layer.field(e.getValue()).orElseThrow();
                Object raw = u.properties().get(e.getKey());
                Values.Result r = Values.convert(f, raw);
                if (r.problem() != null) {
                    add(problems, problemCount, new RowProblem(row, f.name(), String.valueOf(raw), r.problem()));
                }
                Object v = r.value();
                Map<String, String> known = "towns".equals(f.ref()) ? places.towns()
                        : "villages".equals(f.ref()) ? places.villages() : Map.of();
                if (v instanceof String s && !known.isEmpty()) {
                    String code = Values.code(s, known, mapping.namesAsCodes());
                    if (code == null) {
                        if (unmatched.size() < LISTED) {
                            unmatched.add(new Unmatched(row, f.name(), s));
                        }
                        unmatchedCount++;
                    } else {
                        v = code;
                    }
                }
                values.put(f.name(), v);
            }
            String keyValue = key == null || values.get(key) == null ? null : String.valueOf(values.get(key));
            if (key != null && targets.containsValue(key) && keyValue == null) {
                add(problems, problemCount, new RowProblem(row, key, null, "the key is empty: row skipped"));
                skipped++;
                continue;
            }
            if (keyValue != null && !seen.add(keyValue)) {
                add(problems, problemCount, new RowProblem(row, key, keyValue,
                        "the key repeats an earlier row's: row skipped"));
                skipped++;
                continue;
            }
            Feature before = keyValue == null ? null : byKey.get(keyValue);
            String id = before != null ? before.id() : keyValue != null ? prefix + keyValue : newId(layer, row, byId, result);
            Geometry g = geometry(layer, u.geometry(), row, problems, problemCount);
            if (g == null && layer.isSpatial() && merge && before != null) {
                g = before.geometry();
            } else if (g == null && layer.isSpatial() && u.geometry() == null) {
                add(problems, problemCount, new RowProblem(row, "geometry", null, "no geometry"));
            }
            Map<String, Object> props = new LinkedHashMap<>();
            for (FieldDef f : layer.fields()) {
                props.put(f.name(), values.containsKey(f.name()) ? values.get(f.name())
                        : merge && before != null ? before.properties().get(f.name()) : null);
            }
            props.put("updated_at", updatedAt);
            result.put(id, new Feature(id, g, props));
        }
        return result(upload, mapping, layer, current, byId, result, skipped, problemCount[0], problems,
                unmatchedCount, unmatched);
    }

    private static Result result(ParsedUpload upload, LayerMapping mapping, LayerDef layer, List<Feature> current,
            Map<String, Feature> byId, Map<String, Feature> result, int skipped, int problemCount,
            List<RowProblem> problems, int unmatchedCount, List<Unmatched> unmatched) {
        List<String> added = new ArrayList<>();
        List<String> changed = new ArrayList<>();
        List<String> removed = new ArrayList<>();
        int unchanged = 0;
        List<Feature> written = new ArrayList<>();
        for (Feature f : result.values()) {
            Feature before = byId.get(f.id());
            if (before == null) {
                added.add(f.id());
                written.add(f);
            } else if (!same(layer, before, f)) {
                changed.add(f.id());
                written.add(f);
            } else {
                unchanged++;
                written.add(mapping.mode() == LayerMapping.Mode.REPLACE ? before : null);
            }
        }
        written.removeIf(Objects::isNull);
        if (mapping.mode() == LayerMapping.Mode.REPLACE) {
            byId.keySet().stream().filter(id -> !result.containsKey(id)).forEach(removed::add);
        }
        Diff diff = new Diff(added.size(), changed.size(), removed.size(), unchanged, first(added), first(changed),
                first(removed));
        UploadReport report = upload.report();
        return new Result(layer.id(), mapping.mode().json(), fingerprint(current), upload.features().size(),
                written.size(), skipped, report == null ? 0 : report.repaired(),
                report == null ? List.of() : first(report.repairs()), problemCount, List.copyOf(problems),
                unmatchedCount, List.copyOf(unmatched), diff, List.copyOf(written));
    }

    /** The mapping's source → target pairs, each target a field of the layer and filled once. */
    private static Map<String, String> checkedFields(LayerMapping mapping, LayerDef layer) {
        if (!mapping.target().equals(layer.id())) {
            throw new IllegalArgumentException("target: the mapping is for '" + mapping.target() + "', not '"
                    + layer.id() + "'");
        }
        Set<String> filled = new HashSet<>();
        for (Map.Entry<String, String> e : mapping.fields().entrySet()) {
            if (e.getValue() == null || layer.field(e.getValue()).isEmpty()) {
                throw new IllegalArgumentException("mapping: layer '" + layer.id() + "' has no field '"
                        + e.getValue() + "' (for source column '" + e.getKey() + "')");
            }
            if (!filled.add(e.getValue())) {
                throw new IllegalArgumentException("mapping: field '" + e.getValue() + "' is filled twice");
            }
        }
        return mapping.fields();
    }

    private static Geometry geometry(LayerDef layer, Geometry g, int row, List<RowProblem> problems, int[] count) {
        if (g == null || !layer.isSpatial()) {
            return null;
        }
        try {
            return FeatureChecks.geometry(layer, g, "row " + row);
        } catch (DataException e) {
            add(problems, count, new RowProblem(row, "geometry", g.getGeometryType(), e.getMessage()));
            return null;
        }
    }

    /** Whether two features hold the same catalogue values and geometry (update times aside). */
    static boolean same(LayerDef layer, Feature a, Feature b) {
        for (FieldDef f : layer.fields()) {
            if (!Objects.equals(a.properties().get(f.name()), b.properties().get(f.name()))) {
                return false;
            }
        }
        Geometry ga = a.geometry();
        Geometry gb = b.geometry();
        return ga == null ? gb == null : gb != null && ga.equalsExact(gb, 1e-9);
    }

    /**
     * The prefix the layer's ids put before their key (villages' {@code village-500151003001} before the
     * code {@code 500151003001}), the one most features share; empty when none does.
     */
    static String idPrefix(List<Feature> current, String key) {
        if (key == null) {
            return "";
        }
        Map<String, Integer> counts = new TreeMap<>();
        for (Feature f : current) {
            Object k = f.properties().get(key);
            if (k != null && f.id().endsWith(String.valueOf(k))) {
                counts.merge(f.id().substring(0, f.id().length() - String.valueOf(k).length()), 1, Integer::sum);
            }
        }
        return counts.entrySet().stream().max(Map.Entry.comparingByValue()).map(Map.Entry::getKey).orElse("");
    }

    private static String newId(LayerDef layer, int row, Map<String, Feature> byId, Map<String, Feature> result) {
        String base = layer.id() + "-r" + (row + 1);
        String id = base;
        for (int k = 2; byId.containsKey(id) || result.containsKey(id); k++) {
            id = base + "-" + k;
        }
        return id;
    }

    /** SHA-256 over the sorted ids and update times: changes whenever a feature is added, removed or updated. */
    public static String fingerprint(List<Feature> features) {
        TreeMap<String, Object> sorted = new TreeMap<>();
        features.forEach(f -> sorted.put(f.id(), f.properties().get("updated_at")));
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            sorted.forEach((id, at) -> md.update((id + "\u0000" + at + "\n").getBytes(StandardCharsets.UTF_8)));
            return HexFormat.of().formatHex(md.digest()).substring(0, 32);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static <T> void add(List<T> list, int[] count, T item) {
        count[0]++;
        if (list.size() < LISTED) {
            list.add(item);
        }
    }

    private static <T> List<T> first(List<T> list) {
        return List.copyOf(list.subList(0, Math.min(LISTED, list.size())));
    }
}
