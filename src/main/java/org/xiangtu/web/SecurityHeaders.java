package org.xiangtu.web;

import io.javalin.http.Context;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The headers every answer carries (pages, API, static files and errors alike):
 *
 * <ul>
 * <li>{@code Content-Security-Policy}: scripts only from this server — no inline script, except the
 * pages' import maps, allowed by their SHA-256 (an import map cannot be an external file in today's
 * browsers); styles from this server and the {@code style} attributes Leaflet and ECharts set while
 * drawing; images from this server, {@code data:}/{@code blob:} URLs (marker icons, the favicon) and the
 * optional basemap's origin; connections (fetch, {@code /events}) to this server only; no plugins, no
 * {@code <base>} elsewhere, forms post here only, and no framing by other sites
 * ({@code frame-ancestors 'none'}).
 * <li>{@code X-Content-Type-Options: nosniff}, {@code X-Frame-Options: DENY} (for browsers without CSP
 * level 2), {@code Referrer-Policy: same-origin} (a drill-down URL never leaves the intranet in a
 * Referer), {@code Cross-Origin-Opener-Policy: same-origin}.
 * </ul>
 */
public final class SecurityHeaders {
    private static final Pattern INLINE_SCRIPT = Pattern.compile(
            "<script(?![^>]*\\bsrc=)[^>]*>(.*?)</script>", Pattern.DOTALL | Pattern.CASE_INSENSITIVE);

    private final String policy;

    /**
     * @param pages the HTML pages served, whose inline scripts (import maps) are allowed by hash
     * @param basemapUrl the optional tile URL template, whose origin images may come from; may be null
     */
    public SecurityHeaders(List<byte[]> pages, String basemapUrl) {
        Set<String> hashes = new LinkedHashSet<>();
        for (byte[] page : pages) {
            hashes.addAll(inlineScriptHashes(new String(page, StandardCharsets.UTF_8)));
        }
        List<String> scriptSrc = new ArrayList<>(List.of("'self'"));
        hashes.forEach(h -> scriptSrc.add("'" + h + "'"));
        String img = "'self' data: blob:" + basemapOrigin(basemapUrl).map(o -> " " + o).orElse("");
        this.policy = String.join("; ", List.of(
                "default-src 'self'",
                "script-src " + String.join(" ", scriptSrc),
                "style-src 'self' 'unsafe-inline'",
                "img-src " + img,
                "connect-src 'self'",
                "font-src 'self'",
                "object-src 'none'",
                "base-uri 'self'",
                "form-action 'self'",
                "frame-ancestors 'none'"));
    }

    /** The Content-Security-Policy value sent. */
    public String policy() {
        return policy;
    }

    /** Before every request: the headers go on whatever answer follows (errors included). */
    public void apply(Context ctx) {
        ctx.header("Content-Security-Policy", policy);
        ctx.header("X-Content-Type-Options", "nosniff");
        ctx.header("X-Frame-Options", "DENY");
        ctx.header("Referrer-Policy", "same-origin");
        ctx.header("Cross-Origin-Opener-Policy", "same-origin");
    }

    /** CSP hash sources ({@code sha256-…}) of the inline scripts of an HTML page. */
    static List<String> inlineScriptHashes(String html) {
        List<String> out = new ArrayList<>();
        Matcher m = INLINE_SCRIPT.matcher(html);
        while (m.find()) {
            try {
                byte[] digest = MessageDigest.getInstance("SHA-256").digest(m.group(1).getBytes(StandardCharsets.UTF_8));
                out.add("sha256-" + Base64.getEncoder().encodeToString(digest));
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }
        return out;
    }

    private static java.util.Optional<String> basemapOrigin(String url) {
        if (url == null || url.isBlank()) {
            return java.util.Optional.empty();
        }
        try {
            URI u = URI.create(url.replaceAll("\\{[^}]*}", "x"));
            if (u.getScheme() == null || u.getHost() == null) {
                return java.util.Optional.empty();
            }
            String host = u.getHost();
            String rawHost = url.replaceFirst("^[a-zA-Z][a-zA-Z0-9+.-]*://", "").split("[/:]", 2)[0];
            if (rawHost.startsWith("{") && host.indexOf('.') > 0) {
                host = "*" + host.substring(host.indexOf('.')); // {s}.tile.example → *.tile.example
            }
            return java.util.Optional.of(u.getScheme() + "://" + host + (u.getPort() == -1 ? "" : ":" + u.getPort()));
        } catch (IllegalArgumentException e) {
            return java.util.Optional.empty();
        }
    }
}
