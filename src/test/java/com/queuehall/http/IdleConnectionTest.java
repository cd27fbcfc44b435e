package com.queuehall.http;

import com.queuehall.config.Config;
import com.queuehall.support.LiveClient;
import com.queuehall.support.Stores;
import com.queuehall.support.TestHall;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A kiosk unplugged or a phone gone leaves its keep-alive connection open on the server, holding a
 * socket, until the idle timeout closes it. A connection in use, and a live display that answers the
 * heartbeat's pings, stay open. The kiosk here is a real socket that speaks HTTP/1.1 by hand, so nothing
 * on the client side closes it.
 */
class IdleConnectionTest {

  private static final Duration WAIT = Duration.ofSeconds(5);

  @Test
  @DisplayName("with a 2 s idle timeout, a connection unused for 2 s is closed; one used every second,"
      + " and a live display answering 1 s heartbeats, stay open")
  void idleConnectionsAreClosed() throws Exception {
    Stores.reset();
    Config config = Config.fromJson(TestHall.config(TestHall.freePort()).toJson()
        .put("liveHeartbeatSeconds", 1).put("httpIdleTimeoutSeconds", 2));
    try (TestHall hall = TestHall.start(config);
        LiveClient display = LiveClient.hall(hall, "P001");
        Socket unused = kiosk(hall.port());
        Socket busy = kiosk(hall.port())) {
      display.next("snapshot", WAIT);
      assertThat(get(unused, hall.port())).startsWith("HTTP/1.1 200");
      long idleFrom = System.nanoTime();
      for (int i = 0; i < 4; i++) {
        assertThat(get(busy, hall.port())).as("request %d on the busy connection", i).startsWith("HTTP/1.1 200");
        Thread.sleep(1_000);
      }
      assertThat(endsWithin(unused, Duration.ofSeconds(4))).as("the unused connection was closed").isTrue();
      assertThat(Duration.ofNanos(System.nanoTime() - idleFrom)).isGreaterThan(Duration.ofMillis(1_500));
      assertThat(get(busy, hall.port())).as("the busy connection, still open").startsWith("HTTP/1.1 200");
      assertThat(display.isClosed()).as("the display, pinged every second").isFalse();
      display.send("{\"type\":\"ping\"}");
      assertThat(display.next("pong", WAIT)).isNotNull();
    }
  }

  private static Socket kiosk(int port) throws IOException {
    Socket s = new Socket();
    s.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
    s.setSoTimeout(5_000);
    return s;
  }

  /** One keep-alive GET of /health/live; the status line and headers of its answer. */
  private static String get(Socket s, int port) throws IOException {
    s.getOutputStream().write(("GET /health/live HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\n\r\n")
        .getBytes(StandardCharsets.US_ASCII));
    InputStream in = s.getInputStream();
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    while (!head.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
      int b = in.read();
      if (b < 0) throw new IOException("connection closed after: " + head.toString(StandardCharsets.US_ASCII));
      head.write(b);
    }
    String text = head.toString(StandardCharsets.US_ASCII);
    int at = text.toLowerCase().indexOf("content-length:");
    int length = Integer.parseInt(text.substring(at + 15, text.indexOf("\r\n", at)).trim());
    in.readNBytes(length);
    return text;
  }

  private static boolean endsWithin(Socket s, Duration timeout) throws IOException {
    s.setSoTimeout((int) timeout.toMillis());
    try {
      return s.getInputStream().read() < 0;
    } catch (SocketTimeoutException e) {
      return false;
    } catch (java.net.SocketException e) {
      return true;
    }
  }
}
