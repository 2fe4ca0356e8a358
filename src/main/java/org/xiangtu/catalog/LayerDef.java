package org.xiangtu.catalog;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** One layer of the catalogue: a table in the store and a collection in the API. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record LayerDef(
        String id,
        I18n title,
        I18n description,
        String group,
        GeometryKind geometry,
        String file,
        boolean synthetic,
        int order,
        Map<String, Boolean> pages,
        String labelField,
        JsonNode style,
        JsonNode legend,
        List<FieldDef> fields,
        JsonNode scale,
        Visibility visibility) {

    public LayerDef {
        fields = List.copyOf(fields);
        pages = pages == null ? Map.of() : Map.copyOf(pages);
        visibility = visibility == null ? Visibility.PUBLIC : visibility;
    }

    /** A layer without a scale rule (zoom range, thinning, labels: drawn by the pages only; see docs/catalog.md). */
    public LayerDef(String id, I18n title, I18n description, String group, GeometryKind geometry, String file,
            boolean synthetic, int order, Map<String, Boolean> pages, String labelField, JsonNode style,
            JsonNode legend, List<FieldDef> fields) {
        this(id, title, description, group, geometry, file, synthetic, order, pages, labelField, style, legend,
                fields, null, null);
    }

    /** Whether the role may see this layer at all (a household layer is absent for the public and planners). */
    public boolean isVisibleTo(Role role) {
        return visibility.isVisibleTo(role);
    }

    public Optional<FieldDef> field(String name) {
        return fields.stream().filter(f -> f.name().equals(name)).findFirst();
    }

    /** The fields the given role may see, in catalogue order. */
    public List<FieldDef> fieldsVisibleTo(Role role) {
        return fields.stream().filter(f -> f.visibility().isVisibleTo(role)).toList();
    }

    /** This layer as the given role may see it: only its visible fields, without the data file name. */
    public LayerDef forRole(Role role) {
        return new LayerDef(id, title, description, group, geometry, null, synthetic, order, pages,
                labelField, style, legend, fieldsVisibleTo(role), scale, visibility);
    }

    /** The columns a store keeps for this layer, in table order: id, geom (spatial layers), the fields, updated_at. */
    @JsonIgnore
    public List<String> storedColumns() {
        List<String> columns = new java.util.ArrayList<>();
        columns.add("id");
        if (isSpatial()) {
            columns.add("geom");
        }
        fields.forEach(f -> columns.add(f.name()));
        columns.add("updated_at");
        return columns;
    }

    @JsonIgnore
    public boolean isSpatial() {
        return geometry.isSpatial();
    }
}
