package org.xiangtu.catalog;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The layer catalogue ({@code data/catalog.json}, format in {@code docs/catalog.md}): every layer,
 * its fields and who may see them, styles and groups. Immutable and thread-safe.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Catalog(
        @JsonProperty("$schema") String schema,
        int version,
        I18n title,
        I18n notice,
        List<Group> groups,
        List<LayerDef> layers,
        Watch watch) {

    private static final Pattern ID = Pattern.compile("[a-z][a-z0-9_]*");
    /** Names the stores use for their own columns. */
    public static final Set<String> RESERVED_FIELDS = Set.of("id", "fid", "geom", "updated_at");

    public Catalog {
        groups = List.copyOf(groups);
        layers = List.copyOf(layers);
        validate(groups, layers);
        if (watch != null) {
            LayerDef households = layers.stream().filter(l -> l.id().equals("households")).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("watch: needs a layer 'households'"));
            watch.check(households, layers.stream().filter(l -> l.id().equals("visits")).findFirst().orElse(null));
        }
    }

    /** A catalogue without a relapse watch. */
    public Catalog(String schema, int version, I18n title, I18n notice, List<Group> groups, List<LayerDef> layers) {
        this(schema, version, title, notice, groups, layers, null);
    }

    public Optional<LayerDef> layer(String id) {
        return layers.stream().filter(l -> l.id().equals(id)).findFirst();
    }

    /** The catalogue as the given role may see it (layers and fields filtered, file names dropped). */
    public Catalog forRole(Role role) {
        List<LayerDef> visible = layers.stream().filter(l -> l.isVisibleTo(role)).map(l -> l.forRole(role)).toList();
        boolean households = visible.stream().anyMatch(l -> l.id().equals("households"));
        return new Catalog(null, version, title, notice, groups, visible, households ? watch : null);
    }

    /** The layer as the given role may see it; empty if there is none or the role may not see it. */
    public Optional<LayerDef> layerFor(Role role, String id) {
        return layer(id).filter(l -> l.isVisibleTo(role)).map(l -> l.forRole(role));
    }

    @JsonIgnore
    public List<String> layerIds() {
        return layers.stream().map(LayerDef::id).toList();
    }

    private static void validate(List<Group> groups, List<LayerDef> layers) {
        Set<String> groupIds = new HashSet<>();
        groups.forEach(g -> groupIds.add(g.id()));
        Set<String> layerIds = new HashSet<>();
        for (LayerDef layer : layers) {
            String where = "layer '" + layer.id() + "'";
            if (layer.id() == null || !ID.matcher(layer.id()).matches()) {
                throw new IllegalArgumentException(where + ": id must match " + ID);
            }
            if (!layerIds.add(layer.id())) {
                throw new IllegalArgumentException(where + ": duplicate id");
            }
            if (!groupIds.contains(layer.group())) {
                throw new IllegalArgumentException(where + ": unknown group '" + layer.group() + "'");
            }
            if (layer.geometry() == null || layer.title() == null) {
                throw new IllegalArgumentException(where + ": geometry and title are required");
            }
            Set<String> names = new HashSet<>();
            for (FieldDef f : layer.fields()) {
                if (!ID.matcher(f.name()).matches() || RESERVED_FIELDS.contains(f.name())) {
                    throw new IllegalArgumentException(where + ": field name '" + f.name() + "' is not allowed");
                }
                if (!names.add(f.name())) {
                    throw new IllegalArgumentException(where + ": duplicate field '" + f.name() + "'");
                }
            }
            if (layer.labelField() != null && !names.contains(layer.labelField())) {
                throw new IllegalArgumentException(where + ": labelField '" + layer.labelField() + "' is not a field");
            }
            if (layer.legend() != null && !names.contains(layer.legend().path("field").asText())) {
                throw new IllegalArgumentException(where + ": legend field is not a field");
            }
        }
    }
}
