package org.xiangtu.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/**
 * An HTTP client with its own cookie jar, as one browser would be: signs in, remembers the CSRF
 * token and sends it with writes (unless told not to).
 */
public final class ApiClient {
    static final ObjectMapper JSON = new ObjectMapper();
    private final String base;
    private final HttpClient http;
    private final CookieManager cookies = new CookieManager();
    private String csrf;

    public ApiClient(String base) {
        this.base = base;
        this.http = HttpClient.newBuilder().cookieHandler(cookies).connectTimeout(Duration.ofSeconds(5)).build();
    }

    /** The cookies this client would send, as a {@code Cookie} header value (for raw requests). */
    public String cookieHeader() {
        return String.join("; ", cookies.getCookieStore().getCookies().stream().map(Object::toString).toList());
    }

    /** Signs in; returns the response (200 with the session, or a problem). */
    public HttpResponse<String> signIn(String name, String password) {
        HttpResponse<String> r = send("POST", "/api/session", JSON.createObjectNode().put("name", name)
                .put("password", password).toString(), Map.of());
        if (r.statusCode() == 200) {
            csrf = json(r).get("csrf").asText();
        }
        return r;
    }

    public HttpResponse<String> get(String path) {
        return send("GET", path, null, Map.of());
    }

    /** Sends a request; a JSON body gets its content type; writes carry the CSRF token when signed in. */
    public HttpResponse<String> send(String method, String path, String jsonBody, Map<String, String> headers) {
        try {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(120))
                    .method(method, jsonBody == null ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofString(jsonBody));
            if (jsonBody != null) {
                b.header("Content-Type", "application/json");
            }
            if (csrf != null && !method.equals("GET") && !headers.containsKey("X-CSRF-Token")) {
                b.header("X-CSRF-Token", csrf);
            }
            headers.forEach((k, v) -> {
                if (v != null) {
                    b.header(k, v);
                }
            });
            return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Posts a multipart/form-data upload: one file part named "file" and text parts. */
    public HttpResponse<String> upload(String path, String fileName, byte[] content, Map<String, String> fields) {
        String boundary = "xiangtu-" + System.nanoTime();
        java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();
        java.nio.charset.Charset utf8 = java.nio.charset.StandardCharsets.UTF_8;
        try {
            for (var e : fields.entrySet()) {
                body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + e.getKey()
                        + "\"\r\n\r\n" + e.getValue() + "\r\n").getBytes(utf8));
            }
            body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + fileName
                    + "\"\r\nContent-Type: application/octet-stream\r\n\r\n").getBytes(utf8));
            body.write(content);
            body.write(("\r\n--" + boundary + "--\r\n").getBytes(utf8));
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60))
                    .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()));
            if (csrf != null) {
                b.header("X-CSRF-Token", csrf);
            }
            return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Opens a streaming response (an event stream); the caller closes the stream. */
    public HttpResponse<InputStream> open(String path, Map<String, String> headers) {
        try {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).GET();
            headers.forEach(b::header);
            return http.send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public String csrf() {
        return csrf;
    }

    public static JsonNode json(HttpResponse<String> r) {
        try {
            return JSON.readTree(r.body());
        } catch (IOException e) {
            throw new IllegalStateException("not JSON: " + r.body(), e);
        }
    }
}
