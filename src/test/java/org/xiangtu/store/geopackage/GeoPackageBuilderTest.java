package org.xiangtu.store.geopackage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.locationtech.jts.geom.Coordinate;
import org.xiangtu.catalog.Catalog;
import org.xiangtu.catalog.CatalogLoader;
import org.xiangtu.catalog.DataSource;
import org.xiangtu.catalog.LayerDef;
import org.xiangtu.geo.Crs;
import org.xiangtu.store.DataException;
import org.xiangtu.store.Feature;
import org.xiangtu.store.FeatureQuery;
import org.xiangtu.store.FeatureSource;

/** The builder takes each layer's features as a stream: read as written, closed, all or nothing. */
class GeoPackageBuilderTest {
    @TempDir
    Path dir;

    private final Catalog catalog = CatalogLoader.read(DataSource.folder(Path.of("data")));

    /** {@code n} points of the catalogue's point layer, made as they are asked for; {@code failAt} throws there. */
    private static final class Generated implements FeatureSource {
        final LayerDef layer;
        final int n;
        final int failAt;
        int made;
        boolean closed;

        Generated(LayerDef layer, int n, int failAt) {
            this.layer = layer;
            this.n = n;
            this.failAt = failAt;
        }

        @Override
        public String source() {
            return "generated";
        }

        @Override
        public org.xiangtu.catalog.GeometryKind geometryKind() {
            return layer.geometry();
        }

        @Override
        public List<Field> fields() {
            return Field.of(layer);
        }

        @Override
        public boolean hasNext() {
            if (made == failAt) {
                throw new DataException("generated: feature 'p" + made + "': refused");
            }
            return made < n;
        }

        @Override
        public Feature next() {
            Map<String, Object> props = new LinkedHashMap<>();
            layer.fields().forEach(f -> props.put(f.name(), null));
            props.put("updated_at", "2021-06-30T00:00:00Z");
            int i = made++;
            return new Feature("p" + i, Crs.LONLAT.createPoint(new Coordinate(106 + i * 1e-5, 29.8)), props);
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    private LayerDef pointLayer() {
        return catalog.layers().stream().filter(l -> l.geometry() == org.xiangtu.catalog.GeometryKind.POINT)
                .filter(l -> l.fields().stream().allMatch(f -> f.enumValues() == null))
                .findFirst().orElseThrow();
    }

    @Test
    void every_feature_of_a_stream_is_written_and_every_source_closed() {
        LayerDef layer = pointLayer();
        Generated points = new Generated(layer, 25_000, -1);
        Path file = dir.resolve("a.gpkg");
        GeoPackageBuilder.Result result = GeoPackageBuilder.buildFrom(catalog, Map.of(layer.id(), points), file,
                "test", null);
        assertThat(result.features()).isEqualTo(25_000);
        assertThat(result.layers()).isEqualTo(catalog.layers().size());
        assertThat(points.closed).isTrue();
        try (GeoPackageStore store = GeoPackageStore.open(file, catalog)) {
            assertThat(store.collection(layer.id()).orElseThrow().count()).isEqualTo(25_000);
            assertThat(store.features(layer.id(), FeatureQuery.all(List.of(), 1)).features()).hasSize(1);
        }
    }

    @Test
    void a_feature_refused_half_way_leaves_the_old_store_and_no_temporary_file() throws Exception {
        LayerDef layer = pointLayer();
        Path file = dir.resolve("a.gpkg");
        GeoPackageBuilder.buildFrom(catalog, Map.of(layer.id(), new Generated(layer, 10, -1)), file, "test", null);
        byte[] before = Files.readAllBytes(file);
        List<Generated> sources = new ArrayList<>();
        Map<String, FeatureSource> layers = new LinkedHashMap<>();
        for (LayerDef l : catalog.layers()) {
            Generated g = new Generated(l, l == layer ? 5_000 : 0, l == layer ? 2_500 : -1);
            sources.add(g);
            layers.put(l.id(), g);
        }
        assertThatThrownBy(() -> GeoPackageBuilder.buildFrom(catalog, layers, file, "test", null))
                .isInstanceOf(DataException.class).hasMessageContaining("'p2500'");
        assertThat(Files.readAllBytes(file)).isEqualTo(before);
        assertThat(sources).allMatch(g -> g.closed);
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("a.gpkg");
        }
    }

    @Test
    void a_geometry_that_does_not_fit_its_table_is_refused() {
        LayerDef layer = pointLayer();
        FeatureSource line = FeatureSource.of("x", layer, List.of(new Feature("l1",
                Crs.LONLAT.createLineString(new Coordinate[] {new Coordinate(106, 29), new Coordinate(106.1, 29.1)}),
                Map.of("updated_at", "2021-06-30T00:00:00Z"))));
        Iterator<Feature> it = line;
        assertThat(it.hasNext()).isTrue();
        assertThatThrownBy(() -> GeoPackageBuilder.buildFrom(catalog, Map.of(layer.id(), line), dir.resolve("b.gpkg"),
                "test", null)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("l1");
        assertThat(dir.resolve("b.gpkg")).doesNotExist();
    }
}
