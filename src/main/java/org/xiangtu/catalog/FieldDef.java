package org.xiangtu.catalog;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** One attribute of a layer: name, type, titles, unit, visibility, allowed values (with display names) and the layer its codes name. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record FieldDef(
        String name,
        FieldType type,
        I18n title,
        I18n unit,
        Visibility visibility,
        @JsonProperty("enum") List<String> enumValues,
        Map<String, I18n> valueTitles,
        String ref) {

    public FieldDef {
        if (name == null || type == null || title == null || visibility == null) {
            throw new IllegalArgumentException("a field needs name, type, title and visibility");
        }
        enumValues = enumValues == null ? null : List.copyOf(enumValues);
        valueTitles = valueTitles == null ? null : Collections.unmodifiableMap(new LinkedHashMap<>(valueTitles));
    }

    /** A field without value titles or a reference. */
    public FieldDef(String name, FieldType type, I18n title, I18n unit, Visibility visibility, List<String> enumValues) {
        this(name, type, title, unit, visibility, enumValues, null, null);
    }
}
