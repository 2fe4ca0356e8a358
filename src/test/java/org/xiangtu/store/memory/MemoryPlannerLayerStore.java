package org.xiangtu.store.memory;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.prep.PreparedGeometry;
import org.locationtech.jts.geom.prep.PreparedGeometryFactory;
import org.xiangtu.geo.Crs;
import org.xiangtu.store.AuditEntry;
import org.xiangtu.store.Feature;
import org.xiangtu.store.FeaturePage;
import org.xiangtu.store.FeatureQuery;
import org.xiangtu.store.InvalidQueryException;
import org.xiangtu.store.PlannerLayerStore;

/**
 * Planner layers in memory, under the one lock of their {@link MemoryWorkStore} (so every method is
 * one transaction, and the audit entry is appended with the change): a create reads the whole stream
 * and checks every value before it keeps anything. Passes the same contract as the JDBC store.
 */
final class MemoryPlannerLayerStore implements PlannerLayerStore {
    private record Stored(Layer layer, List<Feature> features) {
    }

    private final MemoryWorkStore work;
    private final Map<String, Stored> layers = new LinkedHashMap<>();

    MemoryPlannerLayerStore(MemoryWorkStore work) {
        this.work = work;
    }

    @Override
    public Layer create(NewLayer l, Iterable<NewFeature> features, AuditEntry audit) {
        synchronized (work) {
            if (l.id() == null || l.title() == null || l.owner() == null || l.geometryKind() == null
                    || l.at() == null) {
                throw new IllegalArgumentException("a planner layer needs its id, title, owner, kind and time");
            }
            if (layers.containsKey(l.id())) {
                throw new IllegalArgumentException("planner layer " + l.id() + " exists");
            }
            List<Feature> stored = new ArrayList<>();
            Envelope extent = new Envelope();
            for (NewFeature f : features) {
                Geometry g = f.geometry() == null || f.geometry().isEmpty() ? null : f.geometry().copy();
                if (g != null) {
                    g.setSRID(Crs.CGCS2000);
                    extent.expandToInclude(g.getEnvelopeInternal());
                }
                Map<String, Object> props = new LinkedHashMap<>();
                for (Field field : l.fields()) {
                    Object v = f.properties() == null ? null : f.properties().get(field.name());
                    props.put(field.name(), v instanceof Integer n ? Long.valueOf(n) : v);
                }
                stored.add(new Feature(l.id() + "." + (stored.size() + 1), g, props));
            }
            Layer layer = new Layer(l.id(), l.title(), l.owner(), l.geometryKind(), l.fields(), stored.size(), false,
                    l.source(), l.report() == null ? Map.of() : Map.copyOf(l.report()),
                    extent.isNull() ? null : extent, l.at(), l.at());
            work.append(audit); // refused before anything is kept
            layers.put(l.id(), new Stored(layer, List.copyOf(stored)));
            return layer;
        }
    }

    @Override
    public List<Layer> list() {
        synchronized (work) {
            return layers.values().stream().map(Stored::layer)
                    .sorted(Comparator.comparing(Layer::createdAt).thenComparing(Layer::id)).toList();
        }
    }

    @Override
    public Optional<Layer> find(String id) {
        synchronized (work) {
            return Optional.ofNullable(layers.get(id)).map(Stored::layer);
        }
    }

    @Override
    public FeaturePage features(String layerId, FeatureQuery query) {
        if (!query.filters().isEmpty()) {
            String name = query.filters().keySet().iterator().next();
            throw new InvalidQueryException(name, "an imported layer is paged by bbox only, not filtered by '"
                    + name + "'");
        }
        if (query.updated() != null) {
            throw new InvalidQueryException("datetime", "an imported layer is not filtered by 'datetime'");
        }
        Stored s;
        synchronized (work) {
            s = layers.get(layerId);
        }
        if (s == null) {
            return new FeaturePage(List.of(), 0);
        }
        List<String> names = new ArrayList<>();
        for (String name : query.properties()) {
            if (name.equals("updated_at")) {
                continue;
            }
            if (s.layer().fields().stream().noneMatch(f -> f.name().equals(name))) {
                throw new IllegalArgumentException("no field " + name + " in planner layer " + layerId);
            }
            names.add(name);
        }
        PreparedGeometry box = query.bbox() == null ? null
                : PreparedGeometryFactory.prepare(Crs.LONLAT.toGeometry(query.bbox()));
        List<Feature> page = new ArrayList<>();
        long matched = 0;
        for (Feature f : s.features()) {
            if (box != null && (f.geometry() == null || !box.intersects(f.geometry()))) {
                continue;
            }
            if (matched >= query.offset() && page.size() < query.limit()) {
                Map<String, Object> props = new LinkedHashMap<>();
                names.forEach(n -> props.put(n, f.properties().get(n)));
                page.add(new Feature(f.id(), copy(f.geometry()), props));
            }
            matched++;
        }
        return new FeaturePage(page, matched);
    }

    @Override
    public Optional<Feature> feature(String layerId, String featureId) {
        synchronized (work) {
            Stored s = layers.get(layerId);
            return s == null ? Optional.empty() : s.features().stream().filter(f -> f.id().equals(featureId))
                    .findFirst().map(f -> new Feature(f.id(), copy(f.geometry()), f.properties()));
        }
    }

    @Override
    public Optional<Layer> publish(String id, boolean published, Instant at, AuditEntry audit) {
        synchronized (work) {
            Stored s = layers.get(id);
            if (s == null) {
                return Optional.empty();
            }
            if (at == null) {
                throw new IllegalArgumentException("a publication needs its time");
            }
            Layer l = s.layer();
            Layer now = new Layer(l.id(), l.title(), l.owner(), l.geometryKind(), l.fields(), l.features(), published,
                    l.source(), l.report(), l.extent(), l.createdAt(), at);
            work.append(audit);
            layers.put(id, new Stored(now, s.features()));
            return Optional.of(now);
        }
    }

    @Override
    public Optional<Layer> delete(String id, AuditEntry audit) {
        synchronized (work) {
            Stored s = layers.get(id);
            if (s == null) {
                return Optional.empty();
            }
            work.append(audit);
            layers.remove(id);
            return Optional.of(s.layer());
        }
    }

    private static Geometry copy(Geometry g) {
        if (g == null) {
            return null;
        }
        Geometry c = g.copy();
        c.setSRID(g.getSRID());
        return c;
    }
}
