package org.xiangtu.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Sends bytes exactly as given over a plain socket, for requests no HTTP client library builds (bad UTF-8
 * in the path, a broken chunked body, a multipart body without its boundary, an HTTP/3.0 request line),
 * and reads the answer until it is complete (by {@code Content-Length} or the last chunk), the server
 * closes, or it goes quiet.
 */
public final class RawHttp {
    private RawHttp() {
    }

    /** The server's answer: status, head (status line and headers), headers by lower-case name, body as text. */
    public record Answer(int status, String head, Map<String, String> headers, String body) {
        public String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    /** Sends {@code request} (ISO-8859-1 text: each char is one byte) to 127.0.0.1:port and reads the answer. */
    public static Answer send(int port, String request) {
        return send(port, request.getBytes(StandardCharsets.ISO_8859_1));
    }

    /**
     * Sends {@code head} (request line and headers, without the final empty line; {@code Host} and
     * {@code Connection: close} are added) and then {@code body} as given.
     */
    public static Answer send(int port, String head, byte[] body) {
        byte[] h = (head + "\r\nHost: 127.0.0.1:" + port + "\r\nConnection: close\r\n\r\n")
                .getBytes(StandardCharsets.UTF_8);
        byte[] all = Arrays.copyOf(h, h.length + body.length);
        System.arraycopy(body, 0, all, h.length, body.length);
        return send(port, all);
    }

    public static Answer send(int port, byte[] request) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            try {
                out.write(request);
                out.flush();
            } catch (java.net.SocketException e) {
                // the server answered early (a body over the limit) and closed: its answer is there to read
            }
            return read(s.getInputStream());
        } catch (IOException e) {
            throw new UncheckedIOException("no answer from the server", e);
        }
    }

    private static Answer read(InputStream in) throws IOException {
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        byte[] b = new byte[8192];
        try {
            for (int n; (n = in.read(b)) > 0; ) {
                got.write(b, 0, n);
                if (complete(got.toByteArray())) {
                    break;
                }
            }
        } catch (SocketTimeoutException | java.net.SocketException e) {
            // the server may keep the connection open, or reset it after answering: use what came
        }
        byte[] raw = got.toByteArray();
        String latin = new String(raw, StandardCharsets.ISO_8859_1);
        int end = latin.indexOf("\r\n\r\n");
        if (!latin.startsWith("HTTP/") || end < 0) {
            throw new IllegalStateException("not an HTTP answer: '" + latin + "'");
        }
        String head = latin.substring(0, end);
        String[] lines = head.split("\r\n");
        int status = Integer.parseInt(lines[0].split(" ")[1]);
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon > 0) {
                headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
                        lines[i].substring(colon + 1).trim());
            }
        }
        byte[] body = Arrays.copyOfRange(raw, end + 4, raw.length);
        String te = headers.get("transfer-encoding");
        if (te != null && te.toLowerCase(Locale.ROOT).contains("chunked")) {
            body = dechunk(body);
        }
        return new Answer(status, head, headers, new String(body, StandardCharsets.UTF_8));
    }

    /** Whether the answer is all there (by Content-Length or the last chunk); unknown length: read to the end. */
    private static boolean complete(byte[] raw) {
        String latin = new String(raw, StandardCharsets.ISO_8859_1);
        int end = latin.indexOf("\r\n\r\n");
        if (end < 0) {
            return false;
        }
        String head = latin.substring(0, end).toLowerCase(Locale.ROOT);
        if (head.contains("\r\nconnection: close")) {
            return false; // read until the server closes
        }
        int cl = head.indexOf("\r\ncontent-length:");
        if (cl >= 0) {
            int eol = head.indexOf("\r\n", cl + 2);
            long len = Long.parseLong(head.substring(cl + 17, eol < 0 ? head.length() : eol).trim());
            return raw.length - (end + 4) >= len;
        }
        return head.contains("transfer-encoding: chunked") && latin.endsWith("0\r\n\r\n");
    }

    private static byte[] dechunk(byte[] body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        String latin = new String(body, StandardCharsets.ISO_8859_1);
        int p = 0;
        while (p < body.length) {
            int eol = latin.indexOf("\r\n", p);
            if (eol < 0) {
                break;
            }
            int size = Integer.parseInt(latin.substring(p, eol).split(";")[0].trim(), 16);
            if (size == 0) {
                break;
            }
            int from = eol + 2;
            out.write(body, from, Math.min(size, body.length - from));
            p = from + size + 2;
        }
        return out.toByteArray();
    }
}
