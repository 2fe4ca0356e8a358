package org.xiangtu.web;

import io.javalin.http.Context;

/**
 * This server's address for absolute links (OGC API links, the briefing packs' QR codes): the configured
 * public URL ({@code server.publicUrl}), else the address and port the request's connection arrived on.
 * Never built from the {@code Host} header, which any client may set (links pointing elsewhere would be
 * cached, printed and followed by other people).
 */
final class ServerAddress {
    private ServerAddress() {
    }

    /** "https://xiangtu.example" or "http://10.0.0.5:7070", without a trailing slash. */
    static String of(Context ctx, String publicUrl) {
        if (publicUrl != null && !publicUrl.isBlank()) {
            return publicUrl.replaceAll("/+$", "");
        }
        String address = ctx.req().getLocalAddr();
        if (address.contains(":")) {
            address = "[" + address.replaceFirst("%.*$", "") + "]"; // IPv6 literal, without a zone id
        }
        return ctx.scheme() + "://" + address + ":" + ctx.req().getLocalPort();
    }
}
