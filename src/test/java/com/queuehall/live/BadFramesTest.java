package com.queuehall.live;

import com.queuehall.support.LiveClient;
import com.queuehall.support.LiveClient.Closed;
import com.queuehall.support.Stores;
import com.queuehall.support.TestHall;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.WebSocketFrame;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;
import java.util.function.Consumer;

import static com.queuehall.live.HallFeedTest.issue;
import static org.assertj.core.api.Assertions.assertThat;

/** Whatever one subscriber sends, only its own connection is closed; the server and the others go on. */
class BadFramesTest {

  private static final Duration WAIT = Duration.ofSeconds(5);
  private static TestHall hall;
  private LiveClient bystander;

  @BeforeAll
  static void start() {
    hall = TestHall.start();
  }

  @AfterAll
  static void stop() {
    hall.close();
  }

  @BeforeEach
  void watch() {
    Stores.reset();
    bystander = LiveClient.hall(hall, "P001");
    bystander.next("snapshot", WAIT);
  }

  /** The bystander on the same point still receives the next event, in sequence. */
  @AfterEach
  void bystanderUnharmed() {
    try {
      issue(hall, "P001", "passport", "after-" + System.nanoTime());
      assertThat(bystander.next("ticket.issued", WAIT).getString("type")).isEqualTo("ticket.issued");
      assertThat(bystander.isClosed()).isFalse();
    } finally {
      bystander.close();
    }
  }

  private static Closed closedAfter(Consumer<LiveClient> send) {
    try (LiveClient bad = LiveClient.hall(hall, "P001")) {
      bad.next("snapshot", WAIT);
      send.accept(bad);
      return bad.awaitClose(WAIT);
    }
  }

  @Test
  @DisplayName("text that is not JSON closes that connection with 1007 and a reason")
  void garbage() {
    Closed closed = closedAfter(c -> c.send("hello?"));
    assertThat(closed.code()).isEqualTo((short) 1007);
    assertThat(closed.reason()).contains("not a JSON object");
  }

  @Test
  @DisplayName("JSON of an unknown type closes that connection with 1003 and a reason")
  void unknownType() {
    Closed closed = closedAfter(c -> c.send("{\"type\":\"subscribe\",\"point\":\"P002\"}"));
    assertThat(closed.code()).isEqualTo((short) 1003);
    assertThat(closed.reason()).contains("unknown message type");
  }

  @Test
  @DisplayName("a binary message closes that connection with 1003 and a reason")
  void binary() {
    Closed closed = closedAfter(c -> c.sendBinary(Buffer.buffer(new byte[] {1, 2, 3})));
    assertThat(closed.code()).isEqualTo((short) 1003);
    assertThat(closed.reason()).contains("binary");
  }

  @Test
  @DisplayName("a frame over 16 KiB closes that connection with 1009")
  void oversized() {
    Closed closed = closedAfter(c -> c.sendFrame(WebSocketFrame.textFrame("{\"type\":\"ping\",\"pad\":\""
        + "x".repeat(17 * 1024) + "\"}", true)));
    assertThat(closed.code()).isEqualTo((short) 1009);
  }

  @Test
  @DisplayName("a point that does not exist is closed with 4404 and a reason")
  void unknownPoint() {
    try (LiveClient lost = LiveClient.hall(hall, "P999")) {
      Closed closed = lost.awaitClose(WAIT);
      assertThat(closed.code()).isEqualTo((short) 4404);
      assertThat(closed.reason()).isEqualTo("unknown point P999");
    }
  }

  @Test
  @DisplayName("a plain GET of a feed, without Upgrade, is answered 426 problem+json")
  void notAnUpgrade() {
    HttpResponse<Buffer> r = hall.call(HttpMethod.GET, "/api/v1/points/P001/live", null, Map.of(), null);
    assertThat(r.statusCode()).isEqualTo(426);
    assertThat(r.getHeader("Content-Type")).isEqualTo("application/problem+json");
  }
}
