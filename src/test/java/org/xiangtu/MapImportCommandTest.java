package org.xiangtu;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xiangtu.catalog.Catalog;
import org.xiangtu.catalog.CatalogLoader;
import org.xiangtu.catalog.DataSource;
import org.xiangtu.store.Feature;
import org.xiangtu.store.WorkStore;
import org.xiangtu.store.geopackage.GeoPackageStore;

/** {@code xiangtu import --map}: a saved mapping applied to a county's file on an existing GeoPackage. */
class MapImportCommandTest {
    static final String FILE = "src/test/resources/uploads/onboarding_villages_cn.geojson";
    static final String MAPPING = """
            {"target": "villages",
             "fields": {"村名": "name", "村代码": "code", "贫困户数": "poor_households", "镇街": "town_code"},
             "namesAsCodes": true, "mode": "merge"}
            """;
    @TempDir
    Path dir;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private Path gpkg;

    int run(String... args) {
        out.reset();
        err.reset();
        return Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), Map.of());
    }

    String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @BeforeEach
    void build() {
        gpkg = dir.resolve("county.gpkg");
        assertThat(run("import", "--gpkg", gpkg.toString())).as(err()).isZero();
    }

    Feature village(String id) {
        Catalog catalog = CatalogLoader.read(DataSource.folder(Path.of("data")));
        try (GeoPackageStore store = GeoPackageStore.open(gpkg, catalog)) {
            return store.feature("villages", id, List.of("name", "poor_households", "town_code")).orElse(null);
        }
    }

    @Test
    void a_saved_mapping_merges_the_file_into_the_layer_with_a_version_kept() throws Exception {
        Path mapping = Files.writeString(dir.resolve("villages-map.json"), MAPPING);
        assertThat(run("import", "--map", mapping.toString(), "--gpkg", gpkg.toString(), FILE)).as(err()).isZero();
        assertThat(out()).contains("layer villages (merge): version 1; 1 added, 2 changed, 0 removed", "1 geometries repaired");
        assertThat(village("village-500151003001").properties().get("poor_households")).isEqualTo(5L);
        assertThat(village("village-500151003001").properties().get("town_code")).isEqualTo("500151003000");
        assertThat(village("village-500151003999").properties().get("name")).isEqualTo("新建村");
        Catalog catalog = CatalogLoader.read(DataSource.folder(Path.of("data")));
        try (GeoPackageStore store = GeoPackageStore.open(gpkg, catalog); WorkStore work = store.openWork()) {
            assertThat(work.layerVersions().versions("villages")).singleElement()
                    .satisfies(v -> assertThat(v.actor()).isEqualTo(MapImportCommand.ACTOR));
            assertThat(work.audit().page("layer.onboard", null, 10, 0)).hasSize(1);
        }
        // the same file again: nothing changes but a new version
        assertThat(run("import", "--map", mapping.toString(), "--gpkg", gpkg.toString(), FILE)).as(err()).isZero();
        assertThat(out()).contains("version 2; 0 added, 0 changed, 0 removed, 3 unchanged");
    }

    @Test
    void a_bad_mapping_or_usage_changes_nothing() throws Exception {
        Path bad = Files.writeString(dir.resolve("bad.json"), "{\"target\": \"villages\", \"fields\": {\"村名\": \"nom\"}}");
        assertThat(run("import", "--map", bad.toString(), "--gpkg", gpkg.toString(), FILE)).isEqualTo(1);
        assertThat(err()).contains("mapping", "nom");
        Path broken = Files.writeString(dir.resolve("broken.json"), "{not json");
        assertThat(run("import", "--map", broken.toString(), "--gpkg", gpkg.toString(), FILE)).isEqualTo(1);
        assertThat(err()).contains("--map");
        Path good = Files.writeString(dir.resolve("good.json"), MAPPING);
        assertThat(run("import", "--map", good.toString(), "--gpkg", gpkg.toString())).isEqualTo(2);
        assertThat(run("import", "--crs", "EPSG:4544", "--gpkg", gpkg.toString(), FILE)).isEqualTo(2);
        assertThat(run("import", "--map", good.toString(), "--gpkg", dir.resolve("none.gpkg").toString(), FILE))
                .isEqualTo(1);
        assertThat(village("village-500151003001").properties().get("poor_households")).isEqualTo(2L);
    }
}
