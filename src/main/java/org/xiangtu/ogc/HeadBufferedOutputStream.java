package org.xiangtu.ogc;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/**
 * Holds back the first {@code head} bytes of an answer and hands them on in one write, then lets
 * everything through as it comes. Javalin decides whether to gzip an answer at its first write, and
 * only when that write holds at least 1,500 bytes; a page whose features come as large ready-made
 * blocks ({@code GeoJsonRows}) would otherwise start with a flush of its ~120-byte head and go out
 * uncompressed. Flushes before the head is complete are held back too; {@link #close} hands on
 * whatever is held (a short answer) and closes the stream.
 */
final class HeadBufferedOutputStream extends FilterOutputStream {
    private byte[] head;
    private int len;

    HeadBufferedOutputStream(OutputStream out, int head) {
        super(out);
        this.head = new byte[head];
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int n) throws IOException {
        if (head == null) {
            out.write(b, off, n);
            return;
        }
        int take = Math.min(n, head.length - len);
        System.arraycopy(b, off, head, len, take);
        len += take;
        if (len == head.length) {
            release();
            if (n > take) {
                out.write(b, off + take, n - take);
            }
        }
    }

    @Override
    public void flush() throws IOException {
        if (head == null) {
            out.flush();
        }
    }

    /** Hands on what is held, without closing the stream. */
    void finish() throws IOException {
        if (head != null) {
            release();
        }
        out.flush();
    }

    @Override
    public void close() throws IOException {
        finish();
        out.close();
    }

    private void release() throws IOException {
        byte[] h = head;
        head = null;
        out.write(h, 0, len);
    }
}
