package org.xiangtu.service;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.xiangtu.account.AuditLog;
import org.xiangtu.analysis.Deadline;
import org.xiangtu.analysis.Within;
import org.xiangtu.catalog.FieldDef;
import org.xiangtu.catalog.GeometryKind;
import org.xiangtu.catalog.LayerDef;
import org.xiangtu.catalog.Role;
import org.xiangtu.edit.ProjectEdits;
import org.xiangtu.geo.Measure;
import org.xiangtu.io.export.ExportField;
import org.xiangtu.io.export.ExportFormat;
import org.xiangtu.io.export.ExportLayer;
import org.xiangtu.io.export.Exporter;
import org.xiangtu.store.AuditEntry;
import org.xiangtu.store.Feature;

/**
 * Exports of a layer (catalogue or planner, the same way) as GeoJSON, GeoPackage or CSV: optionally filtered by
 * field values, by a bbox, or by a drawn selection (features intersecting the drawing, or within
 * {@code distance} metres of it, measured in EPSG:4544 — the same "reached" test as the planners' statistics,
 * never a buffer of the drawing). Only the fields the role may see are written. The file is built in memory
 * before anything is sent, so an export stopped half-way (time budget) sends no part of itself; at most
 * {@link #MAX_FEATURES} features and {@code maxVertices} vertices. Every export is audited.
 */
public final class ExportService {
    public static final int MAX_FEATURES = 200_000;

    /** What to export. {@code zone} null: no drawn selection; {@code bbox} is ignored when there is one. */
    public record Request(String layerId, ExportFormat format, Map<String, String> filters, Envelope bbox,
            Geometry zone, double distance) {
    }

    /** A finished file. */
    public record File(byte[] bytes, String contentType, String contentDisposition) {
    }

    /** The export would be larger than allowed; nothing was written. {@code field} names what to narrow. */
    public static final class TooLarge extends RuntimeException {
        private final String field;

        TooLarge(String field, String message) {
            super(message, null, false, false);
            this.field = field;
        }

        public String field() {
            return field;
        }
    }

    /** The role sees no layer with that id. */
    public static final class UnknownLayer extends RuntimeException {
        UnknownLayer(String id) {
            super("There is no layer '" + id + "'.", null, false, false);
        }
    }

    private final LayerService layers;
    private final AuditLog audit;
    private final long maxVertices;

    public ExportService(LayerService layers, AuditLog audit, long maxVertices) {
        this.layers = layers;
        this.audit = audit;
        this.maxVertices = maxVertices;
    }

    public File export(Request r, Role role, String user, String address, Deadline deadline) {
        Measure measure = new Measure();
        Within.Zone selection = r.zone() == null ? null : Within.near(measure.metric(r.zone()), r.distance());
        Envelope query = selection == null ? r.bbox() : AnalysisService.searchBox(selection);
        LayerDef l = layers.layer(r.layerId(), role).orElseThrow(() -> new UnknownLayer(r.layerId()));
        List<Feature> features = keep(layers.features(l.id(), role, query, r.filters(), MAX_FEATURES + 1, 0)
                .features(), selection, measure, deadline);
        checkSize(features);
        List<ExportField> fields = new ArrayList<>();
        for (FieldDef f : l.fields()) {
            fields.add(new ExportField(f.name(), f.type(), f.title().zh()));
        }
        // the file's layer (table) name without hyphens, as GIS tools take it unquoted: planner layer ids hold some
        ExportLayer out = new ExportLayer(l.id().replace('-', '_'), l.title().zh(),
                l.isSpatial() ? l.geometry() : GeometryKind.NONE, fields, features);
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        try {
            Exporter.write(new ExportLayer(out.name(), out.title(), out.geometryKind(), out.fields(),
                    deadline.checking(out.features())), r.format(), buf);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        deadline.check();
        audit.record(AuditEntry.of(user, address, "export", r.layerId(), "ok", AuditLog.json(Map.of(
                "format", r.format().extension(), "features", features.size(), "filters", r.filters(),
                "selection", r.zone() != null, "distance", r.distance()))));
        return new File(buf.toByteArray(), r.format().contentType(),
                Exporter.contentDisposition(out, r.format(), LocalDate.now(ProjectEdits.COUNTY_ZONE)));
    }

    private void checkSize(List<Feature> features) {
        if (features.size() > MAX_FEATURES) {
            throw new TooLarge("layer", "The export would hold more than " + MAX_FEATURES
                    + " features; narrow it with a bbox, filters or a selection.");
        }
        long vertices = 0;
        for (Feature f : features) {
            vertices += f.geometry() == null ? 0 : f.geometry().getNumPoints();
        }
        if (vertices > maxVertices) {
            throw new TooLarge("layer", "The export would hold " + vertices + " vertices; at most " + maxVertices
                    + " are accepted (analysis.maxExportVertices). Narrow it with a bbox, filters or a selection.");
        }
    }

    private static List<Feature> keep(List<Feature> features, Within.Zone selection, Measure measure,
            Deadline deadline) {
        deadline.check();
        return selection == null ? features
                : Within.reached(features, selection, measure, deadline).stream().map(Within.Hit::feature).toList();
    }
}
