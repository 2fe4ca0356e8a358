package org.xiangtu;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xiangtu.catalog.CatalogLoader;
import org.xiangtu.catalog.DataSource;
import org.xiangtu.store.FeatureQuery;
import org.xiangtu.store.geopackage.GeoPackageStore;

class MainTest {
    @TempDir
    Path dir;
    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), Map.of());
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void help_exits_zero_and_describes_each_command() {
        assertThat(run("--help")).isZero();
        assertThat(run("serve", "--help")).isZero();
        assertThat(run("import", "--help")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("xiangtu serve", "--port", "xiangtu import", "--gpkg");
    }

    @Test
    void bad_usage_is_one_line_and_exit_code_2() {
        assertThat(run()).isEqualTo(2);
        err.reset();
        assertThat(run("serv")).isEqualTo(2);
        assertThat(err()).contains("unknown command 'serv'").hasLineCount(1);
        err.reset();
        assertThat(run("serve", "--prot", "80")).isEqualTo(2);
        assertThat(err()).contains("unknown option --prot").hasLineCount(1);
        err.reset();
        assertThat(run("serve", "--port")).isEqualTo(2);
        assertThat(err()).contains("--port needs a value").hasLineCount(1);
        err.reset();
        assertThat(run("serve", "--port", "http")).isEqualTo(2);
        assertThat(err()).contains("--port").hasLineCount(1);
        err.reset();
        assertThat(run("import")).isEqualTo(2);
        assertThat(err()).contains("--gpkg").hasLineCount(1);
    }

    @Test
    void import_builds_a_geopackage_with_every_layer() {
        Path file = dir.resolve("out.gpkg");
        assertThat(run("import", "--gpkg", file.toString())).isZero();
        var catalog = CatalogLoader.read(DataSource.folder(Path.of("data")));
        try (GeoPackageStore store = GeoPackageStore.open(file, catalog)) {
            assertThat(store.collections()).hasSize(catalog.layers().size());
            assertThat(store.collection("villages").orElseThrow().count()).isPositive();
        }
    }

    @Test
    void import_of_a_given_file_replaces_that_layer_and_a_bad_file_changes_nothing() throws Exception {
        Path file = dir.resolve("out.gpkg");
        Path towns = dir.resolve("towns.geojson");
        Files.writeString(towns, """
                {"type":"FeatureCollection","features":[{"type":"Feature","id":"t1","geometry":{"type":"Polygon",
                "coordinates":[[[106,29.8],[106.1,29.8],[106.1,29.9],[106,29.9],[106,29.8]]]},
                "properties":{"code":"500151123000","name":"双山镇","pinyin":"Shuangshan","kind":"town",
                "updated_at":"2021-01-01T00:00:00Z"}}]}""");
        assertThat(run("import", "--gpkg", file.toString(), towns.toString())).as(err()).isZero();
        var catalog = CatalogLoader.read(DataSource.folder(Path.of("data")));
        try (GeoPackageStore store = GeoPackageStore.open(file, catalog)) {
            assertThat(store.features("towns", FeatureQuery.all(java.util.List.of("name"), 10)).features())
                    .singleElement().satisfies(f -> assertThat(f.properties()).containsEntry("name", "双山镇"));
        }
        byte[] before = java.nio.file.Files.readAllBytes(file);
        Files.writeString(towns, Files.readString(towns).replace("\"town\"", "\"city\""));
        assertThat(run("import", "--gpkg", file.toString(), towns.toString())).isEqualTo(1);
        assertThat(err()).contains("towns.geojson", "'t1'", "'kind'");
        assertThat(Files.readAllBytes(file)).isEqualTo(before);
        err.reset();
        assertThat(run("import", "--gpkg", file.toString(), dir.resolve("rivers.geojson").toString())).isEqualTo(1);
        assertThat(err()).contains("no layer 'rivers'");
    }
}
