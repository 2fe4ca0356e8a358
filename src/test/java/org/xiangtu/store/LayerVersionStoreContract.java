package org.xiangtu.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.Polygon;
import org.xiangtu.catalog.CatalogLoader;
import org.xiangtu.catalog.DataSource;
import org.xiangtu.catalog.FieldDef;
import org.xiangtu.catalog.LayerDef;
import org.xiangtu.geo.Crs;

/**
 * The {@link LayerVersionStore} contract, run on every backend on the county's {@code towns}: a replace
 * or merge writes the layer, a version holding the layer as it was and the audit entry together; a
 * rollback restores that copy exactly, as a new version; a write that fails in the middle leaves the
 * layer, the versions and the audit log as they were.
 */
public abstract class LayerVersionStoreContract {
    protected static final LayerDef TOWNS = CatalogLoader.read(DataSource.folder(Path.of("data"))).layer("towns")
            .orElseThrow();
    private WorkBackend backend;
    protected LayerVersionStore versions;
    protected AuditStore audit;
    protected FeatureStore store;

    /** A fresh backend holding the county's data. */
    protected abstract WorkBackend open() throws Exception;

    @BeforeEach
    void openStore() throws Exception {
        backend = open();
        versions = backend.work().layerVersions();
        audit = backend.work().audit();
        store = backend.features().orElseThrow();
    }

    @AfterEach
    void closeStore() {
        backend.close();
    }

    protected List<Feature> towns() {
        return store.features("towns", FeatureQuery.all(TOWNS.fields().stream().map(FieldDef::name).toList(), 10_000))
                .features();
    }

    protected static Map<String, String> names(List<Feature> fs) {
        return fs.stream().collect(Collectors.toMap(Feature::id, f -> String.valueOf(f.properties().get("name"))));
    }

    protected static AuditEntry entry(String action) {
        return new AuditEntry(0, Instant.now().truncatedTo(ChronoUnit.MILLIS), "admin", "192.0.2.1", action,
                "towns", "ok", "{}");
    }

    protected static Feature town(String id, String code, String name, Geometry g) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("code", code);
        p.put("name", name);
        p.put("pinyin", null);
        p.put("kind", "town");
        p.put("updated_at", "2026-12-06T01:02:03Z");
        return new Feature(id, g, p);
    }

    protected static Geometry square(double x, double y) {
        Polygon p = Crs.LONLAT.createPolygon(new Coordinate[] {new Coordinate(x, y), new Coordinate(x + 0.01, y),
                new Coordinate(x + 0.01, y + 0.01), new Coordinate(x, y + 0.01), new Coordinate(x, y)});
        return Crs.LONLAT.createMultiPolygon(new Polygon[] {p});
    }

    @Test
    void a_replace_writes_the_layer_a_version_and_the_audit_entry_and_a_rollback_restores_it() {
        List<Feature> before = towns();
        assertThat(before).hasSizeGreaterThan(2);
        Feature first = before.get(0);
        long v1 = versions.replace(TOWNS, List.of(town(first.id(), "500151003000", "新巴川", square(106, 29.8)),
                town("town-new", "500151999000", "新镇", null)), false, entry("onboard-replace"));
        assertThat(v1).isEqualTo(1);
        List<Feature> now = towns();
        assertThat(names(now)).isEqualTo(Map.of(first.id(), "新巴川", "town-new", "新镇"));
        Feature changed = now.stream().filter(f -> f.id().equals(first.id())).findFirst().orElseThrow();
        assertThat(changed.geometry().equalsExact(square(106, 29.8), 1e-9)).isTrue();
        assertThat(String.valueOf(changed.properties().get("updated_at"))).startsWith("2026-12-06T01:02:03");
        assertThat(versions.versions("towns")).singleElement().satisfies(v -> {
            assertThat(v.action()).isEqualTo("replace");
            assertThat(v.written()).isEqualTo(2);
            assertThat(v.removed()).isEqualTo(before.size() - 1);
            assertThat(v.kept()).isEqualTo(before.size());
        });
        assertThat(audit.page("onboard-replace", null, 10, 0)).hasSize(1);

        long v2 = versions.rollback(TOWNS, v1, entry("onboard-rollback"));
        assertThat(v2).isEqualTo(2);
        List<Feature> back = towns();
        assertThat(names(back)).isEqualTo(names(before));
        for (int i = 0; i < before.size(); i++) {
            assertThat(back.get(i).properties()).isEqualTo(before.get(i).properties());
            assertThat(back.get(i).geometry().equalsExact(before.get(i).geometry())).isTrue();
        }
        assertThat(versions.versions("towns")).extracting(LayerVersionStore.Version::version).containsExactly(2L, 1L);
        assertThat(versions.versions("towns").get(0).rolledBackTo()).isEqualTo(1L);
        assertThat(audit.page("onboard-rollback", null, 10, 0)).hasSize(1);

        versions.rollback(TOWNS, v2, entry("onboard-rollback"));
        assertThat(names(towns())).isEqualTo(Map.of(first.id(), "新巴川", "town-new", "新镇"));
    }

    @Test
    void a_merge_writes_over_the_same_ids_and_keeps_the_others() {
        List<Feature> before = towns();
        Feature first = before.get(0);
        versions.replace(TOWNS, List.of(town(first.id(), "500151003000", "新巴川", first.geometry()),
                town("town-new", "500151999000", "新镇", square(106, 29.8))), true, entry("onboard-merge"));
        Map<String, String> expected = new LinkedHashMap<>(names(before));
        expected.put(first.id(), "新巴川");
        expected.put("town-new", "新镇");
        assertThat(names(towns())).isEqualTo(expected);
        assertThat(versions.versions("towns").get(0).action()).isEqualTo("merge");
        assertThat(versions.versions("towns").get(0).removed()).isZero();
    }

    @Test
    void a_failure_in_the_middle_leaves_the_layer_as_it_was() {
        List<Feature> before = towns();
        List<Feature> bad = new ArrayList<>();
        bad.add(town("town-a", "1", "甲", null));
        Feature broken = town("town-b", "2", "乙", null);
        broken.properties().put("name", 42L); // not a string: refused when its row is written, after the delete
        bad.add(broken);
        assertThatThrownBy(() -> versions.replace(TOWNS, bad, false, entry("onboard-broken")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("name");
        assertThat(names(towns())).isEqualTo(names(before));
        assertThat(versions.versions("towns")).isEmpty();
        assertThat(audit.page("onboard-broken", null, 10, 0)).isEmpty();
    }

    @Test
    void rolling_back_to_a_version_that_does_not_exist_is_refused() {
        assertThatThrownBy(() -> versions.rollback(TOWNS, 7, entry("onboard-rollback")))
                .isInstanceOf(NoSuchElementException.class);
        assertThat(versions.versions("towns")).isEmpty();
    }
}
