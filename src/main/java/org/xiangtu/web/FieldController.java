package org.xiangtu.web;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.xiangtu.catalog.FieldDef;
import org.xiangtu.edit.FieldVisits;
import org.xiangtu.edit.HouseholdUpdates;
import org.xiangtu.store.FieldStore.Household;
import org.xiangtu.store.FieldStore.Visit;

/**
 * The field app's API for assistance cadres: their households ({@code GET /api/field/households}, a
 * GeoJSON FeatureCollection in code order; {@code GET /api/field/households/{code}}, one Feature; any
 * household not theirs is 404) and their visits ({@code POST /api/field/visits}: 201 with the stored
 * visit, or 200 with the one stored before under the same id). Each household Feature carries its
 * {@code version} (of its changes, {@link HouseholdUpdates}) as a member beside its properties, the
 * base a device sends its updates on. The collection also carries {@code fields}: the households layer's
 * field titles and value titles from the catalogue (no data, only names), which the public catalogue
 * leaves out, so that the app shows 有保障 rather than {@code ensured}, offline too. Personal data: never cached.
 */
public final class FieldController {
    private static final List<String> VISIT_FIELDS = List.of("id", "household_code", "kind", "at", "note", "lon",
            "lat", "reported");
    private final FieldVisits visits;
    private final HouseholdUpdates updates;
    private final List<Map<String, Object>> fields;

    public FieldController(FieldVisits visits, HouseholdUpdates updates, List<FieldDef> householdFields) {
        this.visits = visits;
        this.updates = updates;
        this.fields = householdFields.stream().map(FieldController::names).toList();
    }

    public void households(Context ctx) {
        ctx.header("Cache-Control", "no-store");
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", "FeatureCollection");
        Map<String, Long> versions = updates.versions(CurrentUser.name(ctx));
        body.put("features", visits.households(CurrentUser.name(ctx)).stream()
                .map(h -> feature(h, versions.getOrDefault(h.code(), 0L))).toList());
        body.put("fields", fields);
        Json.write(ctx, Json.GEOJSON, body);
    }

    public void household(Context ctx) {
        ctx.header("Cache-Control", "no-store");
        Household h = visits.household(CurrentUser.name(ctx), ctx.pathParam("code"));
        Json.write(ctx, Json.GEOJSON, feature(h, updates.version(h.code())));
    }

    public void addVisit(Context ctx) {
        JsonNode body = Bodies.json(ctx);
        RequestParams.onlyFields(body, VISIT_FIELDS);
        FieldVisits.Request request = new FieldVisits.Request(Bodies.text(body, "id", 64),
                Bodies.text(body, "household_code", 64), Bodies.text(body, "kind", 40), Bodies.text(body, "at", 64),
                Bodies.optionalMultiline(body, "note", FieldVisits.MAX_NOTE), Bodies.optionalNumber(body, "lon"),
                Bodies.optionalNumber(body, "lat"), Bodies.optionalText(body, "reported", 40));
        FieldVisits.Result r = visits.add(CurrentUser.name(ctx), ctx.ip(), request);
        ctx.header("Cache-Control", "no-store");
        ctx.status(r.created() ? 201 : 200);
        Json.write(ctx, describe(r.visit()));
    }

    /** A household as a GeoJSON Feature, with its {@code version} (of its changes) as a member of its own. */
    static Map<String, Object> feature(Household h, long version) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("type", "Feature");
        f.put("id", h.id());
        f.put("geometry", h.lon() == null ? null : Map.of("type", "Point", "coordinates", List.of(h.lon(), h.lat())));
        f.put("properties", h.properties());
        f.put("version", version);
        return f;
    }

    private static Map<String, Object> describe(Visit v) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", v.id());
        m.put("household_code", v.householdCode());
        m.put("village_code", v.villageCode());
        m.put("cadre", v.cadre());
        m.put("at", v.at());
        m.put("kind", v.kind());
        m.put("note", v.note());
        m.put("reported", v.reported());
        m.put("photos", v.photos());
        m.put("lon", v.lon());
        m.put("lat", v.lat());
        m.put("updated_at", v.updatedAt() == null ? null : v.updatedAt().toString());
        return m;
    }

    /** A field's names for the app: {@code {name, title, unit?, valueTitles?}}, each title {@code {zh, en}}. */
    private static Map<String, Object> names(FieldDef f) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", f.name());
        m.put("title", Map.of("zh", f.title().zh(), "en", f.title().en()));
        if (f.unit() != null) {
            m.put("unit", Map.of("zh", f.unit().zh(), "en", f.unit().en()));
        }
        if (f.valueTitles() != null) {
            Map<String, Object> values = new LinkedHashMap<>();
            f.valueTitles().forEach((k, v) -> values.put(k, Map.of("zh", v.zh(), "en", v.en())));
            m.put("valueTitles", values);
        }
        return m;
    }
}
