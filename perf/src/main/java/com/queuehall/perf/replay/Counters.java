package com.queuehall.perf.replay;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;

import java.util.Map;

/**
 * The counters of the trace: sessions, and each call with what follows it — recalls, then no-show;
 * or start, then complete after the service time; or transfer. Follow-ups depend on the call's
 * answer, so they are measured from when they became due, not from the trace.
 */
final class Counters {

  private final Player player;
  private final Target target;
  private final Ledger ledger;
  private final Displays displays;

  Counters(Player player, Target target, Latencies latencies, Ledger ledger, Displays displays) {
    this.player = player;
    this.target = target;
    this.ledger = ledger;
    this.displays = displays;
  }

  void session(JsonObject l, long intended) {
    String point = l.getString("point");
    String counter = l.getString("counter");
    JsonObject body = new JsonObject().put("services", l.getJsonArray("services")).put("status", l.getString("status"));
    player.track(player.send("session", intended, HttpMethod.PUT, base(point, counter) + "/session",
        target.counter(point, counter), Map.of(), body, false));
  }

  void call(JsonObject l, long intended) {
    String point = l.getString("point");
    String counter = l.getString("counter");
    player.track(post("call-next", intended, point, counter, "/call-next", null).compose(r -> {
      if (r.statusCode() != 200) return Future.succeededFuture();
      String id = r.bodyAsJsonObject().getString("id");
      ledger.called(id);
      displays.callAnswered(id, System.nanoTime());
      return after(l, point, counter, id);
    }));
  }

  private Future<?> after(JsonObject l, String point, String counter, String id) {
    String ticket = "/tickets/" + id;
    Future<?> recalls = Future.succeededFuture();
    for (int i = 0; i < l.getInteger("recalls", 0); i++) {
      recalls = recalls.compose(v -> post("recall", System.nanoTime(), point, counter, ticket + "/recall", null));
    }
    return recalls.compose(v -> {
      long now = System.nanoTime();
      if (l.getBoolean("noShow", false)) return post("no-show", now, point, counter, ticket + "/no-show", null);
      String transferTo = l.getString("transferTo");
      if (transferTo != null) {
        return post("transfer", now, point, counter, ticket + "/transfer", new JsonObject().put("service", transferTo))
            .andThen(ar -> {
              if (ar.succeeded() && ar.result().statusCode() / 100 == 2) ledger.transferred(id);
            });
      }
      return post("start", now, point, counter, ticket + "/start", null).compose(started -> {
        long due = System.nanoTime() + player.realDelay(l.getInteger("serviceSeconds", 0));
        player.at(due, () -> post("complete", due, point, counter, ticket + "/complete", null));
        return Future.succeededFuture();
      });
    });
  }

  private Future<HttpResponse<Buffer>> post(String op, long intended, String point, String counter, String path,
      JsonObject body) {
    return player.send(op, intended, HttpMethod.POST, base(point, counter) + path, target.counter(point, counter),
        Map.of(), body, false);
  }

  private static String base(String point, String counter) {
    return "/api/v1/points/" + point + "/counters/" + counter;
  }
}
