package org.xiangtu.store.geopackage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xiangtu.io.LayerFiles;
import org.xiangtu.App;
import org.xiangtu.catalog.Catalog;
import org.xiangtu.catalog.CatalogLoader;
import org.xiangtu.catalog.DataSource;
import org.xiangtu.store.DataException;
import org.xiangtu.store.Feature;
import org.xiangtu.store.FeatureQuery;
import org.xiangtu.store.FeatureStore;
import org.xiangtu.store.FeatureStoreContract;

/**
 * The GeoPackage store on real files: the {@link FeatureStoreContract}, plus what only a GeoPackage
 * has — R-tree and id indexes, the atomic build, rebuilding on data change, never overwriting a
 * file Xiangtu did not make.
 */
class GeoPackageStoreIT extends FeatureStoreContract {
    private Path storeDir;
    Catalog catalog;
    DataSource data;

    @Override
    protected FeatureStore open(String name, Catalog catalog, DataSource data, Map<String, List<Feature>> layers)
            throws IOException {
        if (storeDir == null) {
            storeDir = Files.createTempDirectory("xiangtu-contract");
        }
        Path file = storeDir.resolve(name + ".gpkg");
        GeoPackageBuilder.build(catalog, layers, file, "test", null);
        return GeoPackageStore.open(file, catalog);
    }

    @Override
    protected void cleanUp() throws IOException {
        try (Stream<Path> files = Files.walk(storeDir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    @BeforeEach
    void load() {
        data = DataSource.folder(Path.of("data"));
        catalog = CatalogLoader.read(data);
    }

    private Map<String, List<Feature>> layers() {
        return LayerFiles.readAll(catalog, data);
    }

    @Test
    void every_spatial_layer_gets_an_rtree_and_every_layer_a_unique_id_index(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("a.gpkg");
        GeoPackageBuilder.build(catalog, layers(), file, "data", null);
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file)) {
            for (var layer : catalog.layers()) {
                try (ResultSet rs = c.createStatement().executeQuery(
                        "SELECT count(*) FROM sqlite_master WHERE name = 'rtree_" + layer.id() + "_geom'")) {
                    rs.next();
                    assertThat(rs.getInt(1)).as(layer.id()).isEqualTo(layer.isSpatial() ? 1 : 0);
                }
                try (ResultSet rs = c.createStatement().executeQuery("PRAGMA index_list('" + layer.id() + "')")) {
                    List<String> unique = new ArrayList<>();
                    while (rs.next()) {
                        if (rs.getInt("unique") == 1) {
                            unique.add(rs.getString("name"));
                        }
                    }
                    assertThat(unique).as(layer.id()).contains(layer.id() + "_id_idx");
                }
            }
            try (ResultSet rs = c.createStatement().executeQuery("PRAGMA application_id")) {
                rs.next();
                assertThat(rs.getInt(1)).isEqualTo(0x47504B47); // "GPKG"
            }
        }
    }

    @Test
    void a_failed_build_leaves_the_old_store_untouched_and_no_temporary_file(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("a.gpkg");
        Map<String, List<Feature>> layers = layers();
        GeoPackageBuilder.build(catalog, layers, file, "data", null);
        byte[] before = Files.readAllBytes(file);
        // a duplicate id violates the unique index half-way through writing
        List<Feature> broken = new ArrayList<>(layers.get("villages"));
        broken.add(broken.get(0));
        layers.put("villages", broken);
        assertThatThrownBy(() -> GeoPackageBuilder.build(catalog, layers, file, "data", null))
                .isInstanceOf(DataException.class);
        assertThat(Files.readAllBytes(file)).isEqualTo(before);
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("a.gpkg");
        }
    }

    @Test
    void the_store_is_rebuilt_when_the_data_changes_and_reused_when_it_does_not(@TempDir Path dir) throws Exception {
        Path dataDir = dir.resolve("data");
        Files.createDirectories(dataDir);
        try (Stream<Path> files = Files.list(Path.of("data"))) {
            for (Path p : files.toList()) {
                Files.copy(p, dataDir.resolve(p.getFileName()));
            }
        }
        DataSource copy = DataSource.folder(dataDir);
        Path file = dir.resolve("x.gpkg");
        try (GeoPackageStore s = App.openGeoPackage(file, catalog, copy)) {
            assertThat(s.buildInfo("source")).contains("data");
        }
        long built = Files.getLastModifiedTime(file).toMillis();
        Thread.sleep(20);
        try (GeoPackageStore s = App.openGeoPackage(file, catalog, copy)) {
            assertThat(Files.getLastModifiedTime(file).toMillis()).isEqualTo(built);
        }
        Path villages = dataDir.resolve("villages.geojson");
        Files.writeString(villages, Files.readString(villages).replace("岩湾村", "岩湾新村"));
        try (GeoPackageStore s = App.openGeoPackage(file, catalog, copy)) {
            List<Object> names = s.features("villages", FeatureQuery.all(List.of("name"), 10_000)).features().stream()
                    .map(f -> f.properties().get("name")).toList();
            assertThat(names).contains("岩湾新村").doesNotContain("岩湾村");
        }
    }

    @Test
    void a_geopackage_not_made_by_xiangtu_is_never_overwritten(@TempDir Path dir) throws Exception {
        Path foreign = dir.resolve("foreign.gpkg");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + foreign)) {
            c.createStatement().execute("CREATE TABLE gpkg_contents (table_name TEXT, data_type TEXT)");
        }
        byte[] before = Files.readAllBytes(foreign);
        assertThatThrownBy(() -> App.openGeoPackage(foreign, catalog, data)).hasMessageContaining("no features table");
        assertThat(Files.readAllBytes(foreign)).isEqualTo(before);
    }
}
