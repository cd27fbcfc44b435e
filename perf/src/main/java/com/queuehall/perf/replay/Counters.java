package com.queuehall.perf.replay;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The counters of the trace: sessions, and each call with what follows it — recalls, then no-show;
 * or start, then complete after the service time; or transfer. Follow-ups depend on the call's
 * answer, so they are measured from when they became due, not from the trace.
 *
 * <p>A counter is one terminal with one clerk: its next call goes only once what it did with the
 * previous ticket is answered (the trace puts that call right after the service ends). A call that
 * has to wait for that is still measured from its scheduled time, so a slow answer to the counter's
 * previous step shows in the call's latency instead of as a refusal ("counter busy"). The complete
 * is due the service time after the call's scheduled time, not after the start's answer, so the
 * counter keeps to the trace's timeline whatever the latencies.
 */
final class Counters {

  private final Player player;
  private final Target target;
  private final Ledger ledger;
  private final Displays displays;
  private final Latencies latencies;
  /** Per "point counter": done when the counter's last step is answered. Confined to the player's context. */
  private final Map<String, Future<?>> idle = new HashMap<>();

  Counters(Player player, Target target, Latencies latencies, Ledger ledger, Displays displays) {
    this.player = player;
    this.target = target;
    this.ledger = ledger;
    this.displays = displays;
    this.latencies = latencies;
  }

  void session(JsonObject l, long intended) {
    String point = l.getString("point");
    String counter = l.getString("counter");
    JsonObject body = new JsonObject().put("services", l.getJsonArray("services")).put("status", l.getString("status"));
    inTurn(point, counter, () -> player.send("session", intended, HttpMethod.PUT, base(point, counter) + "/session",
        target.counter(point, counter), Map.of(), body, false));
  }

  void call(JsonObject l, long intended) {
    String point = l.getString("point");
    String counter = l.getString("counter");
    inTurn(point, counter, () -> post("call-next", intended, point, counter, "/call-next", null).compose(r -> {
      if (r.statusCode() == 204) latencies.note("call-next", "204 nobody waiting");
      if (r.statusCode() != 200) return Future.succeededFuture();
      String id = r.bodyAsJsonObject().getString("id");
      ledger.called(id);
      displays.callAnswered(id, System.nanoTime());
      return after(l, intended, point, counter, id);
    }));
  }

  /** Runs a step of the counter's terminal once its previous step is answered. */
  private void inTurn(String point, String counter, Supplier<Future<?>> step) {
    String terminal = point + " " + counter;
    Promise<Void> done = Promise.promise();
    Future<?> previous = idle.getOrDefault(terminal, Future.succeededFuture());
    idle.put(terminal, done.future());
    player.track(previous.transform(ar -> step.get()).andThen(ar -> {
      done.complete();
      if (idle.get(terminal) == done.future()) idle.remove(terminal);
    }));
  }

  /** What the counter does with the ticket it called; done when its last step is answered. */
  private Future<?> after(JsonObject l, long intended, String point, String counter, String id) {
    String ticket = "/tickets/" + id;
    Future<?> recalls = Future.succeededFuture();
    for (int i = 0; i < l.getInteger("recalls", 0); i++) {
      recalls = recalls.compose(v -> post("recall", System.nanoTime(), point, counter, ticket + "/recall", null));
    }
    return recalls.<Void>compose(v -> {
      long now = System.nanoTime();
      if (l.getBoolean("noShow", false)) {
        return post("no-show", now, point, counter, ticket + "/no-show", null).mapEmpty();
      }
      String transferTo = l.getString("transferTo");
      if (transferTo != null) {
        // Refused (the ticket in hand is already of that service): the clerk serves it instead.
        return post("transfer", now, point, counter, ticket + "/transfer", new JsonObject().put("service", transferTo))
            .compose(r -> {
              if (r.statusCode() / 100 == 2) {
                ledger.transferred(id);
                return Future.<Void>succeededFuture();
              }
              return serve(l, intended, point, counter, ticket);
            });
      }
      return serve(l, intended, point, counter, ticket);
    });
  }

  /** Start, then complete when the service time since the call's scheduled time is over. */
  private Future<Void> serve(JsonObject l, long intended, String point, String counter, String ticket) {
    return post("start", System.nanoTime(), point, counter, ticket + "/start", null).compose(started -> {
      long due = Math.max(System.nanoTime(), intended + player.realDelay(l.getInteger("serviceSeconds", 0)));
      Promise<Void> completed = Promise.promise();
      player.at(due, () -> post("complete", due, point, counter, ticket + "/complete", null)
          .andThen(ar -> completed.complete()));
      return completed.future();
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
