package com.queuehall.counters;

import com.queuehall.support.OneHallPerClass;
import com.queuehall.redis.DayKeys;
import com.queuehall.support.CounterTerminal;
import com.queuehall.support.Kiosk;
import com.queuehall.support.Records;
import com.queuehall.support.Stores;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.redis.client.Command;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static com.queuehall.support.Refusals.assertProblem;
import static com.queuehall.support.TestHall.TODAY;
import static org.assertj.core.api.Assertions.assertThat;

/** A citizen who does not come: the counter recalls up to the point's limit (2), then marks a no-show. */
class RecallAndNoShowTest extends OneHallPerClass {

  private final Kiosk kiosk = Kiosk.at(hall, "P001");
  private final CounterTerminal c01 = CounterTerminal.at(hall, "P001", "C01");

  @BeforeEach
  void openCounters() {
    c01.opens("passport");
  }

  private String called() {
    kiosk.walkIn("passport");
    return c01.next().getString("id");
  }

  private JsonObject ok(HttpResponse<Buffer> r) {
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
    return r.bodyAsJsonObject();
  }

  @Test
  @DisplayName("a called ticket is recalled twice, each counted; the third recall is 409 recall limit reached")
  void recallUpToTheLimit() {
    String id = called();
    assertThat(ok(c01.act("recall", id)).getInteger("recalls")).isEqualTo(1);
    assertThat(ok(c01.act("recall", id)).getInteger("recalls")).isEqualTo(2);

    JsonObject problem = assertProblem(c01.act("recall", id), 409);
    assertThat(problem.getString("title")).isEqualTo("recall limit reached");
    assertThat(problem.getString("detail")).contains("A001", "mark it no-show");
    assertThat(Records.ticket(id).getInteger("recalls")).isEqualTo(2);
    assertThat(Records.eventTypes(id)).containsExactly("issued", "called", "recalled", "recalled");
  }

  @Test
  @DisplayName("no-show before the recalls is 409 recalls not done, and the ticket stays called")
  void noShowTooEarly() {
    String id = called();
    JsonObject problem = assertProblem(c01.act("no-show", id), 409);
    assertThat(problem.getString("title")).isEqualTo("recalls not done");
    assertThat(problem.getString("detail")).contains("2 more time(s)");
    ok(c01.act("recall", id));
    assertThat(assertProblem(c01.act("no-show", id), 409).getString("detail")).contains("1 more time(s)");
    assertThat(Records.status(id)).isEqualTo("CALLED");
    assertThat(Records.eventTypes(id)).containsExactly("issued", "called", "recalled");
  }

  @Test
  @DisplayName("after the recalls, no-show is 200: the ticket has left the queue for good "
      + "and the counter calls the next")
  void noShowAfterTheRecalls() {
    String id = called();
    String next = kiosk.walkIn("passport").getString("id");
    ok(c01.act("recall", id));
    ok(c01.act("recall", id));

    JsonObject t = ok(c01.act("no-show", id));
    assertThat(t.getString("status")).isEqualTo("NO_SHOW");
    assertThat(t.getString("finishedAt")).isNotBlank();
    assertThat(Records.status(id)).isEqualTo("NO_SHOW");
    assertThat(Records.eventTypes(id)).containsExactly("issued", "called", "recalled", "recalled", "no-show");
    JsonObject view = hall.call(HttpMethod.GET, "/api/v1/tickets/" + id, null, Map.of(), null).bodyAsJsonObject();
    assertThat(view.getString("status")).isEqualTo("NO_SHOW");
    assertThat(view.containsKey("position")).isFalse();
    assertThat(Stores.redis(Command.HEXISTS, new DayKeys("P001", TODAY).queue("passport"), id).toInteger()).isZero();

    assertThat(c01.next().getString("id")).as("the counter is free again").isEqualTo(next);
    c01.serve(next);
    assertThat(c01.callNext().statusCode()).as("the no-show is never called again").isEqualTo(204);
    assertThat(assertProblem(c01.call("A001"), 409).getString("detail")).contains("NO_SHOW");
    assertThat(assertProblem(c01.act("recall", id), 409).getString("title")).isEqualTo("illegal transition");
  }
}
