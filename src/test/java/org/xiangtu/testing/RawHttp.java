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
import java.util.Locale;

/**
 * Sends bytes exactly as given over a plain socket, for requests the JDK client will not build (a bad chunked
 * body, a multipart body without its boundary), and reads the answer until the server closes or goes quiet.
 */
public final class RawHttp {
    /** An answer: status, head (lower-cased header names) and body as text. */
    public record Answer(int status, String head, String body) {
        public String header(String name) {
            for (String line : head.split("\r\n")) {
                int colon = line.indexOf(':');
                if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase(name)) {
                    return line.substring(colon + 1).trim();
                }
            }
            return null;
        }
    }

    private RawHttp() {
    }

    /** Sends {@code head} (lines without the final empty line; {@code Host} and {@code Connection: close} added) and body. */
    public static Answer send(int port, String head, byte[] body) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 5000);
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            out.write((head + "\r\nHost: 127.0.0.1:" + port + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.UTF_8));
            out.write(body);
            out.flush();
            ByteArrayOutputStream got = new ByteArrayOutputStream();
            InputStream in = s.getInputStream();
            byte[] buf = new byte[8192];
            try {
                for (int n; (n = in.read(buf)) > 0;) {
                    got.write(buf, 0, n);
                }
            } catch (SocketTimeoutException | java.net.SocketException e) {
                // an unterminated body may keep the connection open, or be reset: what arrived is the answer
            }
            byte[] raw = got.toByteArray();
            String text = new String(raw, StandardCharsets.ISO_8859_1);
            int end = text.indexOf("\r\n\r\n");
            if (!text.startsWith("HTTP/1.1 ") || end < 0) {
                throw new IllegalStateException("no HTTP answer: '" + text + "'");
            }
            Answer a = new Answer(Integer.parseInt(text.substring(9, 12)), text.substring(0, end), "");
            byte[] b = java.util.Arrays.copyOfRange(raw, end + 4, raw.length);
            String te = a.header("Transfer-Encoding");
            if (te != null && te.toLowerCase(Locale.ROOT).contains("chunked")) {
                b = dechunk(b);
            }
            return new Answer(a.status(), a.head(), new String(b, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
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
            if (size == 0 || eol + 2 + size > body.length) {
                break;
            }
            out.write(body, eol + 2, size);
            p = eol + 2 + size + 2;
        }
        return out.toByteArray();
    }
}
