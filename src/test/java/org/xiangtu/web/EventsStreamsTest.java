package org.xiangtu.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.xiangtu.testing.TestServer;

class EventsStreamsTest {
    static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start(Map.of());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static Socket open() throws Exception {
        Socket s = new Socket("127.0.0.1", server.app.port());
        OutputStream out = s.getOutputStream();
        out.write(("GET /events HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        out.flush();
        BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
        String line;
        while ((line = in.readLine()) != null && !line.startsWith("event: hello")) {
        }
        return s;
    }

    @Test
    void experiment() throws Exception {
        EventsController events = server.routes().controllers().events();
        List<Socket> sockets = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            sockets.add(open());
        }
        Thread.sleep(200);
        System.out.println("open: " + events.clients());
        for (int i = 0; i < sockets.size(); i++) {
            if (i % 2 == 0) {
                sockets.get(i).setSoLinger(true, 0);
            }
            sockets.get(i).close();
        }
        for (int t = 0; t < 30; t++) {
            Thread.sleep(100);
            System.out.println(t + " open: " + events.clients());
        }
    }
}
