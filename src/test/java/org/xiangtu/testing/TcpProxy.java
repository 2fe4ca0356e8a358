package org.xiangtu.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP proxy on 127.0.0.1 between the app and the database that a test can break and mend, to
 * see how the server behaves when the database goes away: {@link #cut()} resets every connection
 * and refuses new ones (a database that is down), {@link #stall()} keeps connections open but lets
 * no byte through (a network that silently drops packets), {@link #restore()} forwards again.
 * More reliable than stopping the cluster, and it touches nothing outside the test.
 */
public final class TcpProxy implements AutoCloseable {
    private enum Mode { OPEN, CUT, STALLED }

    private final ServerSocket server;
    private final InetSocketAddress target;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final Object gate = new Object();
    private volatile Mode mode = Mode.OPEN;

    public TcpProxy(String targetHost, int targetPort) throws IOException {
        this.target = new InetSocketAddress(targetHost, targetPort);
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::acceptLoop, "tcp-proxy-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public int port() {
        return server.getLocalPort();
    }

    /** The database is down: every connection is closed, new ones are closed at once. */
    public void cut() {
        mode = Mode.CUT;
        closeAll();
    }

    /** The network stops delivering: connections stay open, nothing gets through. */
    public void stall() {
        mode = Mode.STALLED;
    }

    /** Back to normal; connections left from a stall are closed (their protocol state is lost). */
    public void restore() {
        Mode was = mode;
        mode = Mode.OPEN;
        if (was == Mode.STALLED) {
            closeAll();
        }
        synchronized (gate) {
            gate.notifyAll();
        }
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                if (mode == Mode.CUT) {
                    client.close();
                    continue;
                }
                sockets.add(client);
                Socket upstream = new Socket();
                sockets.add(upstream);
                upstream.connect(target, 2000);
                pump(client, upstream);
                pump(upstream, client);
            } catch (IOException e) {
                // a closed server socket ends the loop; a failed upstream connect drops that client
            }
        }
    }

    private void pump(Socket from, Socket to) {
        Thread t = new Thread(() -> {
            byte[] buf = new byte[16_384];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                int n;
                while ((n = in.read(buf)) >= 0) {
                    waitWhileStalled();
                    if (mode != Mode.OPEN) {
                        break;
                    }
                    out.write(buf, 0, n);
                    out.flush();
                }
            } catch (IOException | InterruptedException e) {
                // connection closed
            } finally {
                close(from);
                close(to);
            }
        }, "tcp-proxy-pump");
        t.setDaemon(true);
        t.start();
    }

    private void waitWhileStalled() throws InterruptedException {
        synchronized (gate) {
            while (mode == Mode.STALLED) {
                gate.wait(100);
            }
        }
    }

    private void closeAll() {
        for (Socket s : sockets) {
            close(s);
        }
        sockets.clear();
    }

    private static void close(Socket s) {
        try {
            s.close();
        } catch (IOException e) {
            // already closed
        }
    }

    @Override
    public void close() {
        mode = Mode.CUT;
        try {
            server.close();
        } catch (IOException e) {
            // closing anyway
        }
        closeAll();
        synchronized (gate) {
            gate.notifyAll();
        }
    }
}
