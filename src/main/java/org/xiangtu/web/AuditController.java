package org.xiangtu.web;

import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.xiangtu.account.AuditLog;
import org.xiangtu.store.AuditEntry;

/** {@code GET /api/audit}: the audit log for administrators, newest first, paged. */
public final class AuditController {
    private final AuditLog audit;

    public AuditController(AuditLog audit) {
        this.audit = audit;
    }

    public void page(Context ctx) {
        Map<String, String> p = RequestParams.only(ctx, List.of("limit", "offset", "action", "actor"));
        int limit = RequestParams.parseLimit(p.get("limit"), 100, 1000);
        int offset = RequestParams.parseOffset(p.get("offset"));
        List<Map<String, Object>> entries = new ArrayList<>();
        for (AuditEntry e : audit.page(p.get("action"), p.get("actor"), limit, offset)) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("seq", e.seq());
            m.put("at", e.at().toString());
            m.put("actor", e.actor());
            m.put("address", e.address());
            m.put("action", e.action());
            m.put("target", e.target());
            m.put("outcome", e.outcome());
            m.put("detail", e.detail());
            entries.add(m);
        }
        ctx.header("Cache-Control", "no-store");
        Json.write(ctx, Map.of("entries", entries, "limit", limit, "offset", offset));
    }
}
