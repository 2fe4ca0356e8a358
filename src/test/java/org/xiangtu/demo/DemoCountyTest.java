package org.xiangtu.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.withinPercentage;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.operation.union.CascadedPolygonUnion;
import org.xiangtu.catalog.Catalog;
import org.xiangtu.catalog.CatalogLoader;
import org.xiangtu.catalog.DataSource;
import org.xiangtu.catalog.FieldDef;
import org.xiangtu.catalog.LayerDef;
import org.xiangtu.geo.Measure;
import org.xiangtu.io.GeoJsonLayerReader;
import org.xiangtu.store.Feature;
import org.xiangtu.store.FeatureQuery;
import org.xiangtu.store.geopackage.GeoPackageBuilder;
import org.xiangtu.store.geopackage.GeoPackageStore;

/** The committed demo county: reproducible, a plausible geography, and every published figure. */
class DemoCountyTest {
    private static Catalog catalog;
    private static final Map<String, List<Feature>> FILES = new HashMap<>();

    @BeforeAll
    static void read() throws IOException {
        DataSource data = DataSource.folder(Path.of("data"));
        catalog = CatalogLoader.read(data);
        for (LayerDef layer : catalog.layers()) {
            try (InputStream in = data.open(layer.file())) {
                FILES.put(layer.id(), GeoJsonLayerReader.read(layer, in, layer.file()));
            }
        }
    }

    @Test
    void regenerating_gives_the_committed_files_byte_for_byte(@TempDir Path dir) throws IOException {
        DemoCounty.generate(catalog).write(catalog, dir);
        long total = 0;
        for (LayerDef layer : catalog.layers()) {
            // compared decompressed: a .gz file's bytes depend on the zlib build, its content must not
            byte[] committed = read(Path.of("data"), layer.file());
            assertThat(read(dir, layer.file())).as(layer.file()).isEqualTo(committed);
            total += Files.size(Path.of("data", layer.file()));
        }
        assertThat(total).isLessThan(20L * 1024 * 1024);
    }

    private static byte[] read(Path dir, String file) throws IOException {
        try (InputStream in = DataSource.folder(dir).open(file)) {
            return in.readAllBytes();
        }
    }

    @Test
    void every_published_figure_comes_out_of_the_data_files() {
        DemoFigures.assertAll(FILES::get);
    }

    @Test
    void every_published_figure_comes_out_of_the_store_built_from_them(@TempDir Path dir) {
        Path gpkg = dir.resolve("demo.gpkg");
        GeoPackageBuilder.build(catalog, FILES, gpkg, "data", null);
        try (GeoPackageStore store = GeoPackageStore.open(gpkg, catalog)) {
            DemoFigures.assertAll(id -> store.features(id, FeatureQuery.all(catalog.layer(id).orElseThrow().fields()
                    .stream().map(FieldDef::name).toList(), 100_000)).features());
        }
    }

    @Test
    void the_district_has_the_published_area_inside_the_real_extent() {
        Geometry district = FILES.get("district").get(0).geometry();
        assertThat(new Measure().areaSqm(district) / 1e6).isCloseTo(1_340, withinPercentage(1));
        assertThat(new Envelope(105.78, 106.28, 29.52, 30.09).contains(district.getEnvelopeInternal())).isTrue();
        assertThat(district.isValid()).isTrue();
    }

    @Test
    void the_28_towns_tile_the_district_with_their_official_codes() {
        List<Feature> towns = FILES.get("towns");
        assertThat(towns).hasSize(28);
        assertThat(towns.stream().map(f -> f.properties().get("code")).collect(Collectors.toSet()))
                .containsAll(Geography.TOWNS.stream().map(Geography.TownDef::code).toList());
        Measure m = new Measure();
        double district = m.areaSqm(FILES.get("district").get(0).geometry());
        double sum = towns.stream().mapToDouble(f -> m.areaSqm(f.geometry())).sum();
        double union = m.areaSqm(CascadedPolygonUnion.union(towns.stream().map(Feature::geometry).toList()));
        assertThat(sum).isCloseTo(district, withinPercentage(0.1));
        assertThat(union).isCloseTo(sum, withinPercentage(0.1)); // no overlap
        assertThat(towns).allSatisfy(f -> assertThat(f.geometry().isValid()).isTrue());
        // the streets are small and central; 巴川街道 holds the district seat
        Feature bachuan = towns.stream().filter(f -> f.properties().get("name").equals("巴川街道")).findFirst().orElseThrow();
        assertThat(bachuan.geometry().contains(org.xiangtu.geo.Crs.LONLAT.createPoint(Geography.SEAT_LONLAT))).isTrue();
        double streets = towns.stream().filter(f -> f.properties().get("kind").equals("street"))
                .mapToDouble(f -> m.areaSqm(f.geometry())).max().orElseThrow();
        double medianTown = towns.stream().filter(f -> f.properties().get("kind").equals("town"))
                .mapToDouble(f -> m.areaSqm(f.geometry())).sorted().toArray()[11];
        assertThat(streets).isLessThan(medianTown);
    }

    @Test
    void villages_tile_their_towns_and_carry_the_real_names() {
        List<Feature> villages = FILES.get("villages");
        assertThat(villages.size()).isBetween(250, 330);
        Measure m = new Measure();
        for (Feature town : FILES.get("towns")) {
            List<Feature> in = villages.stream().filter(v -> v.properties().get("town_code")
                    .equals(town.properties().get("code"))).toList();
            double sum = in.stream().mapToDouble(v -> m.areaSqm(v.geometry())).sum();
            assertThat(sum).as(town.properties().get("name").toString()).isCloseTo(m.areaSqm(town.geometry()),
                    withinPercentage(0.1));
        }
        assertThat(villages).allSatisfy(v -> assertThat(v.geometry().isValid()).isTrue());
        assertThat(villages.stream().filter(v -> v.properties().get("name").equals("岩湾村")).findFirst().orElseThrow()
                .properties().get("town_code")).isEqualTo("500151123000");
        assertThat(villages.stream().filter(v -> v.properties().get("name").equals("树荫村")).findFirst().orElseThrow()
                .properties().get("town_code")).isEqualTo("500151103000");
        assertThat(villages.stream().map(v -> v.properties().get("name")).distinct().count()).isEqualTo(villages.size());
    }

    @Test
    void projects_have_every_kind_and_a_monthly_history_up_to_the_as_of_date() {
        List<Feature> projects = FILES.get("projects");
        assertThat(projects.stream().map(p -> p.properties().get("kind")).collect(Collectors.toSet()))
                .containsExactlyInAnyOrder("industry", "water", "housing", "road", "greenway", "education", "health");
        Map<String, List<Feature>> history = FILES.get("project_updates").stream()
                .collect(Collectors.groupingBy(u -> (String) u.properties().get("project_id")));
        for (Feature p : projects) {
            List<Feature> h = history.getOrDefault(p.id(), List.of());
            if (h.isEmpty()) {
                assertThat(p.properties().get("status")).isEqualTo("planned");
                continue;
            }
            Feature last = h.get(h.size() - 1);
            assertThat(last.properties().get("progress_pct")).as(p.id()).isEqualTo(p.properties().get("progress_pct"));
            assertThat(last.properties().get("status")).isEqualTo(p.properties().get("status"));
            assertThat(LocalDate.parse((String) last.properties().get("at"))).isBeforeOrEqualTo(DemoCounty.AS_OF);
        }
    }
}
