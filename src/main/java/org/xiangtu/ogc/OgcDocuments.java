package org.xiangtu.ogc;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.locationtech.jts.geom.Envelope;
import org.xiangtu.catalog.Catalog;
import org.xiangtu.catalog.LayerDef;
import org.xiangtu.geo.Crs;
import org.xiangtu.store.CollectionInfo;

/**
 * Builds the JSON documents of OGC API – Features Core (landing page, conformance, collections,
 * collection) as plain maps for Jackson. {@code base} is the absolute URL of the API root
 * ({@code http://host:port/ogc}), without a trailing slash.
 */
public final class OgcDocuments {
    private OgcDocuments() {
    }

    public static Map<String, Object> landing(Catalog catalog, String base) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("title", catalog.title().zh() + " / " + catalog.title().en());
        doc.put("description", "OGC API – Features. " + catalog.notice().zh() + " / " + catalog.notice().en());
        doc.put("links", List.of(
                new Link(base, "self", Link.JSON, "本文档 / This document"),
                new Link(base + "/api", "service-desc", Link.OPENAPI, "API 定义 / The API definition (OpenAPI 3.0)"),
                new Link(base + "/conformance", "conformance", Link.JSON, "符合性声明 / Conformance classes"),
                new Link(base + "/collections", "data", Link.JSON, "图层 / Collections")));
        return doc;
    }

    /**
     * The links of a page of items: self, next (when more are matched), prev (when not at the start) and
     * the collection. {@code params} are the request's query parameters, kept in the paging links.
     */
    public static List<Link> itemLinks(String collectionUrl, Map<String, String> params, int offset, int limit,
            int returned, long matched) {
        String self = collectionUrl + "/items";
        List<Link> links = new ArrayList<>();
        links.add(new Link(self + query(params, offset, limit), "self", Link.GEOJSON, "本页 / This page"));
        if (offset + returned < matched) {
            links.add(new Link(self + query(params, offset + limit, limit), "next", Link.GEOJSON, "下一页 / Next page"));
        }
        if (offset > 0) {
            links.add(new Link(self + query(params, Math.max(0, offset - limit), limit), "prev", Link.GEOJSON,
                    "上一页 / Previous page"));
        }
        links.add(new Link(collectionUrl, "collection", Link.JSON, "图层 / Collection"));
        return links;
    }

    /** The links of one feature: itself and its collection. */
    public static List<Link> itemLinks(String collectionUrl, String featureId) {
        return List.of(new Link(collectionUrl + "/items/" + encode(featureId), "self", Link.GEOJSON,
                "本要素 / This feature"), new Link(collectionUrl, "collection", Link.JSON, "图层 / Collection"));
    }

    private static String query(Map<String, String> params, int offset, int limit) {
        StringBuilder sb = new StringBuilder();
        Map<String, String> p = new LinkedHashMap<>(params);
        p.put("limit", Integer.toString(limit));
        p.put("offset", Integer.toString(offset));
        for (Map.Entry<String, String> e : p.entrySet()) {
            sb.append(sb.isEmpty() ? '?' : '&').append(encode(e.getKey())).append('=').append(encode(e.getValue()));
        }
        return sb.toString();
    }

    private static String encode(String s) {
        return java.net.URLEncoder.encode(s, java.nio.charset.StandardCharsets.UTF_8).replace("+", "%20");
    }

    public static Map<String, Object> conformance() {
        return Map.of("conformsTo", Conformance.ALL);
    }

    public static Map<String, Object> collections(Catalog catalog, List<LayerDef> layers, List<CollectionInfo> infos,
            String base) {
        List<Object> list = new ArrayList<>();
        for (int i = 0; i < layers.size(); i++) {
            list.add(collection(catalog, layers.get(i), infos.get(i), base));
        }
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("links", List.of(new Link(base + "/collections", "self", Link.JSON, "图层 / Collections")));
        doc.put("collections", list);
        return doc;
    }

    public static Map<String, Object> collection(Catalog catalog, LayerDef layer, CollectionInfo info, String base) {
        String self = base + "/collections/" + layer.id();
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("id", layer.id());
        doc.put("title", layer.title().zh() + " / " + layer.title().en());
        StringBuilder description = new StringBuilder();
        if (layer.description() != null) {
            description.append(layer.description().zh()).append(" / ").append(layer.description().en());
        }
        if (layer.synthetic()) {
            description.append(description.isEmpty() ? "" : " — ")
                    .append(catalog.notice().zh()).append(" / ").append(catalog.notice().en());
        }
        doc.put("description", description.toString());
        doc.put("itemType", "feature");
        doc.put("crs", List.of(Crs.CRS84));
        Map<String, Object> extent = new LinkedHashMap<>();
        Envelope e = info.extent();
        if (e != null) {
            extent.put("spatial", Map.of(
                    "bbox", List.of(List.of(e.getMinX(), e.getMinY(), e.getMaxX(), e.getMaxY())),
                    "crs", Crs.CRS84));
        }
        if (info.firstUpdate() != null) {
            List<String> interval = new ArrayList<>();
            interval.add(str(info.firstUpdate()));
            interval.add(str(info.lastUpdate()));
            extent.put("temporal", Map.of("interval", List.of(interval),
                    "trs", "http://www.opengis.net/def/uom/ISO-8601/0/Gregorian"));
        }
        if (!extent.isEmpty()) {
            doc.put("extent", extent);
        }
        doc.put("links", List.of(
                new Link(self, "self", Link.JSON, "本图层 / This collection"),
                new Link(self + "/items", "items", Link.GEOJSON, "要素 / Features")));
        return doc;
    }

    private static String str(Instant t) {
        return t == null ? null : t.toString();
    }
}
