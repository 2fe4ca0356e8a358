package org.xiangtu.web;

import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.xiangtu.config.AddressRanges;

/**
 * The client's address and scheme as seen through the configured reverse proxies
 * ({@code access.trustedProxies}); installed as Javalin's {@code ctx.ip()} and {@code ctx.scheme()}.
 *
 * <p>Only a request whose TCP peer is a trusted proxy may name the client: then {@code X-Forwarded-For}
 * is read from the right (each proxy appends the address it got the request from), trusted hops are
 * skipped, and the first untrusted hop is the client. Everything left of it was written by that client
 * and is ignored; so is the header of a request that did not come through a trusted proxy. A hop that
 * is not an address literal ends the walk (the proxy that appended it is the client as far as we
 * know). {@code X-Forwarded-Proto} (its last value, written by the proxy next to us) counts likewise
 * only from a trusted proxy. With no proxies configured, the TCP peer is the client and the scheme is
 * the connection's.
 */
public final class ClientAddress {
    private static final int MAX_HOPS = 32;
    private final AddressRanges proxies;

    public ClientAddress(AddressRanges proxies) {
        this.proxies = proxies;
    }

    /** The client's address, in canonical form (IPv6 compressed). */
    public String ip(Context ctx) {
        String peer = AddressRanges.canonical(ctx.req().getRemoteAddr());
        if (!proxies.contains(peer)) {
            return peer;
        }
        List<String> hops = new ArrayList<>();
        for (String header : Collections.list(ctx.req().getHeaders("X-Forwarded-For"))) {
            for (String hop : header.split(",")) {
                hops.add(hop.trim());
            }
        }
        String client = peer;
        for (int i = hops.size() - 1, seen = 0; i >= 0 && seen < MAX_HOPS; i--, seen++) {
            var a = AddressRanges.literal(hops.get(i));
            if (a.isEmpty()) {
                return client;
            }
            client = AddressRanges.canonical(hops.get(i));
            if (!proxies.contains(client)) {
                return client;
            }
        }
        return client;
    }

    /** "https" or "http": the connection's, or what a trusted proxy says the client used. */
    public String scheme(Context ctx) {
        String direct = ctx.req().getScheme();
        if (!proxies.contains(AddressRanges.canonical(ctx.req().getRemoteAddr()))) {
            return direct;
        }
        String proto = ctx.header("X-Forwarded-Proto");
        if (proto == null) {
            return direct;
        }
        String last = proto.substring(proto.lastIndexOf(',') + 1).trim();
        return last.equalsIgnoreCase("https") || last.equalsIgnoreCase("http") ? last.toLowerCase(java.util.Locale.ROOT)
                : direct;
    }

    /** Installs this as the application's {@code ctx.ip()} and {@code ctx.scheme()}. */
    public void install(io.javalin.config.JavalinConfig cfg) {
        cfg.contextResolver.ip = this::ip;
        cfg.contextResolver.scheme = this::scheme;
    }
}
