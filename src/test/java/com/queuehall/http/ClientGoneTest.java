package com.queuehall.http;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.queuehall.support.Refusals;
import com.queuehall.support.Stores;
import com.queuehall.support.TestHall;
import io.vertx.core.http.HttpMethod;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A client that hangs up in the middle of its request (a kiosk unplugged while it sends a body) is
 * not a server error: nothing is written, nothing is logged as an unexpected failure, and the server
 * goes on serving.
 */
class ClientGoneTest {

  @Test
  @DisplayName("a booking whose body never arrives, its connection closed, writes nothing and logs no error")
  void hangUpMidBody() throws Exception {
    Stores.reset();
    Logger problems = (Logger) LoggerFactory.getLogger(Problems.class);
    ListAppender<ILoggingEvent> logged = new ListAppender<>();
    logged.start();
    problems.addAppender(logged);
    try (TestHall hall = TestHall.start()) {
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress("127.0.0.1", hall.port()), 5_000);
        OutputStream out = s.getOutputStream();
        out.write(("POST /api/v1/appointments HTTP/1.1\r\nHost: queuehall\r\nContent-Type: application/json\r\n"
            + "Content-Length: 100\r\n\r\n{\"pointId\":").getBytes(StandardCharsets.US_ASCII));
        out.flush();
        Thread.sleep(300); // the request is routed and waits for the rest of its body
      }
      Thread.sleep(500); // the server sees the close
      assertThat(logged.list).as("what the error mapper logged").noneMatch(e -> e.getLevel().isGreaterOrEqual(Level.WARN));
      Refusals.assertNothingWritten();
      assertThat(hall.call(HttpMethod.GET, "/api/v1/points/P001", null, Map.of(), null).statusCode()).isEqualTo(200);
    } finally {
      problems.detachAppender(logged);
    }
  }
}
