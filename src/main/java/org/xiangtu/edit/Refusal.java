package org.xiangtu.edit;

import java.util.Map;

/**
 * A request the rules refuse, nothing written: the HTTP status, the field or parameter at fault, why, and any
 * further members the problem carries (a photo's {@code limit} and {@code max}, or {@code received}). The web layer
 * turns every one into the same {@code application/problem+json} ({@code ErrorMapping}); each rule's own kind
 * ({@code FieldPhotos.Refused}, {@code RelapseWatch.Refused}, {@code Onboarding.Refused}) only names where it came
 * from.
 */
public class Refusal extends RuntimeException {
    private final int status;
    private final String field;
    private final Map<String, Object> extra;

    protected Refusal(int status, String field, String detail, Map<String, Object> extra) {
        super(detail, null, false, false);
        this.status = status;
        this.field = field;
        this.extra = Map.copyOf(extra);
    }

    public int status() {
        return status;
    }

    public String field() {
        return field;
    }

    /** Members of the problem beyond the standard ones; empty for most. */
    public Map<String, Object> extra() {
        return extra;
    }
}
