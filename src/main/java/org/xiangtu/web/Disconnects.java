package org.xiangtu.web;

import io.javalin.http.Context;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.ee10.servlet.ServletContextRequest;
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.util.BufferUtil;
import org.eclipse.jetty.util.Callback;

/**
 * Notices at once when the client of a long, one-way response (an event stream) goes away.
 *
 * <p>Jetty reads a connection only while a request wants its body, so a client that closes an event
 * stream is otherwise noticed only at the next write that fails (the next heartbeat, seconds later);
 * meanwhile its stream counts against the limits. Here the server asks to be told when the
 * connection becomes readable again: end of stream or a reset means the client left. A client that
 * sends anything on an HTTP/1.x event stream (there is nothing to send) is treated as gone too. For other
 * protocols (none served today) nothing is watched and the heartbeat remains the only check.
 */
final class Disconnects {
    private Disconnects() {
    }

    /**
     * Calls {@code gone} (once or more; it must be idempotent) when the client closes the connection.
     *
     * @return whether the connection is being watched
     */
    static boolean watch(Context ctx, Runnable gone) {
        try {
            Request request = ServletContextRequest.getServletContextRequest(ctx.req());
            if (request == null) {
                return false;
            }
            HttpVersion version = request.getConnectionMetaData().getHttpVersion();
            if (version != HttpVersion.HTTP_1_1 && version != HttpVersion.HTTP_1_0) {
                return false; // a multiplexed connection is not this stream's alone
            }
            EndPoint endPoint = request.getConnectionMetaData().getConnection().getEndPoint();
            return endPoint.tryFillInterested(new Watch(endPoint, gone));
        } catch (RuntimeException e) {
            return false;
        }
    }

    private record Watch(EndPoint endPoint, Runnable gone) implements Callback {
        @Override
        public void succeeded() {
            try {
                ByteBuffer buffer = BufferUtil.allocate(64);
                int n = endPoint.fill(buffer);
                if (n == 0) {
                    endPoint.tryFillInterested(this); // woken without data: keep watching
                    return;
                }
            } catch (IOException e) {
                // reset by the client: gone
            }
            gone.run();
        }

        @Override
        public void failed(Throwable x) {
            if (x instanceof TimeoutException && endPoint.isOpen()) {
                endPoint.tryFillInterested(this); // the idle timeout; the heartbeat keeps a live stream going
                return;
            }
            gone.run();
        }
    }
}
