package org.xiangtu.web;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.xiangtu.edit.Assignments;

/**
 * The administrators' assignment of households to cadres ({@code /api/admin/assignments}): {@code PUT}
 * {@code {cadre, households: [codes]}} sets the listed households' cadre in one transaction
 * ({@code cadre: null} unassigns them; there is no {@code DELETE}); {@code GET ?cadre=NAME} lists the codes of
 * that cadre's households. Household codes are personal data: never cached.
 */
public final class AssignmentsController {
    private final Assignments assignments;

    public AssignmentsController(Assignments assignments) {
        this.assignments = assignments;
    }

    public void list(Context ctx) {
        Map<String, String> p = RequestParams.only(ctx, List.of("cadre"));
        String cadre = p.get("cadre");
        if (cadre == null || cadre.isBlank()) {
            throw ProblemException.badRequest("cadre", "Name the cadre: ?cadre=NAME.");
        }
        List<String> codes = assignments.codes(cadre);
        ctx.header("Cache-Control", "no-store");
        Json.write(ctx, Map.of("cadre", cadre, "households", codes, "count", codes.size()));
    }

    public void assign(Context ctx) {
        JsonNode body = Bodies.json(ctx);
        RequestParams.onlyFields(body, List.of("cadre", "households"));
        if (!body.has("cadre")) {
            throw ProblemException.badRequest("cadre", "'cadre' is required: a cadre's user name, or null to "
                    + "unassign the households.");
        }
        String cadre = Bodies.optionalText(body, "cadre", 64);
        Assignments.Result r = assignments.assign(CurrentUser.name(ctx), ctx.ip(), cadre, codes(body.get("households")));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("cadre", r.cadre());
        out.put("households", r.households());
        out.put("previous", r.previous());
        ctx.header("Cache-Control", "no-store");
        Json.write(ctx, out);
    }

    /** The household codes of the body's {@code households} array, at most {@link Assignments#MAX_HOUSEHOLDS}. */
    private static List<String> codes(JsonNode list) {
        if (list == null || !list.isArray()) {
            throw ProblemException.badRequest("households", "'households' must be an array of household codes.");
        }
        if (list.size() > Assignments.MAX_HOUSEHOLDS) { // before reading them all
            throw ProblemException.badRequest("households", "'households' lists " + list.size() + " codes; at most "
                    + Assignments.MAX_HOUSEHOLDS + " are assigned at once (send several requests).");
        }
        List<String> codes = new ArrayList<>();
        for (JsonNode code : list) {
            if (!code.isTextual() || code.asText().length() > 64) {
                throw ProblemException.badRequest("households", "'households' must hold household codes (strings "
                        + "of at most 64 characters) only.");
            }
            codes.add(Texts.singleLine("households", code.asText()));
        }
        return codes;
    }
}
