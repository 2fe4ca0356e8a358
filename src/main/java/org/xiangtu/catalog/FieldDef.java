package org.xiangtu.catalog;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** One attribute of a layer: name, type, titles, unit, visibility and allowed values. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record FieldDef(
        String name,
        FieldType type,
        I18n title,
        I18n unit,
        Visibility visibility,
        @JsonProperty("enum") List<String> enumValues) {

    public FieldDef {
        if (name == null || type == null || title == null || visibility == null) {
            throw new IllegalArgumentException("a field needs name, type, title and visibility");
        }
        enumValues = enumValues == null ? null : List.copyOf(enumValues);
    }
}
