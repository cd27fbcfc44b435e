package com.queuehall.perf.replay;

import io.vertx.core.Future;
import io.vertx.core.http.WebSocket;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The live audience: hall displays subscribed for the whole replay and phones following their
 * ticket. Measures, per display, the delay from a call's answer at the counter to its
 * ticket.called event (the event may even come first: the answer waits for it; that counts as 0).
 */
final class Displays {

  private static final Set<String> FINISHED = Set.of("ticket.completed", "ticket.no-show");

  private final Target target;
  private final Latencies latencies;
  /** The open feeds; a closed one leaves at once (a day opens ~6,800, each holding its channel's buffers). */
  private final Set<WebSocket> sockets = new HashSet<>();
  /** ticket id → nanoTime of the call's answer, or of the events that came before it. */
  private final Map<String, Long> answered = new HashMap<>();
  private final Map<String, List<Long>> early = new HashMap<>();
  private long failures;

  Displays(Target target, Latencies latencies) {
    this.target = target;
    this.latencies = latencies;
  }

  Future<Void> subscribe(String point, int displays, long intended) {
    List<Future<WebSocket>> all = new ArrayList<>();
    for (int i = 0; i < displays; i++) all.add(open("/api/v1/points/" + point + "/live", intended, this::hallEvent));
    return Future.join(all).mapEmpty();
  }

  Future<WebSocket> phone(String ticketId, long intended) {
    WebSocket[] self = new WebSocket[1];
    return open("/api/v1/tickets/" + ticketId + "/live", intended, text -> {
      // A finished ticket's phone goes away, as the citizen's would: a whole day's phones would not fit open.
      if (!text.contains("ticket.completed") && !text.contains("ticket.no-show")) return;
      if (FINISHED.contains(new JsonObject(text).getString("type")) && self[0] != null) self[0].close();
    }).andThen(ar -> self[0] = ar.result());
  }

  /** The counter's call-next answer for a ticket arrived at `at` (nanoTime). */
  synchronized void callAnswered(String ticketId, long at) {
    answered.put(ticketId, at);
    List<Long> before = early.remove(ticketId);
    if (before != null) before.forEach(e -> latencies.delay("call→display", Math.max(0, (e - at) / 1000)));
  }

  synchronized long failures() {
    return failures;
  }

  Future<Void> close() {
    List<Future<Void>> all = new ArrayList<>();
    synchronized (this) {
      List.copyOf(sockets).forEach(s -> all.add(s.close()));
    }
    return Future.join(all).mapEmpty();
  }

  /**
   * Opens a feed; each text message goes to `onMessage` as it came. The handlers look for a word
   * before they parse: the replayer shares the machine with the server, and most of the day's
   * messages (every event of a point, to every display) are not the ones it measures.
   */
  private Future<WebSocket> open(String path, long intended, java.util.function.Consumer<String> onMessage) {
    return target.live(path).andThen(ar -> {
      long now = System.nanoTime();
      latencies.record("ws-connect", intended, now, ar.succeeded() ? Latencies.Outcome.OK : Latencies.Outcome.ERROR);
      if (ar.failed()) {
        synchronized (this) {
          failures++;
        }
        return;
      }
      WebSocket ws = ar.result();
      synchronized (this) {
        sockets.add(ws);
      }
      ws.textMessageHandler(onMessage::accept);
      ws.exceptionHandler(e -> { });
      ws.closeHandler(v -> {
        synchronized (this) {
          sockets.remove(ws);
        }
      });
    });
  }

  private void hallEvent(String text) {
    if (!text.contains("ticket.called")) return;
    JsonObject m = new JsonObject(text);
    if (!"ticket.called".equals(m.getString("type")) || m.getJsonObject("ticket") == null) return;
    long now = System.nanoTime();
    String id = m.getJsonObject("ticket").getString("id");
    synchronized (this) {
      Long at = answered.get(id);
      if (at != null) latencies.delay("call→display", (now - at) / 1000);
      else early.computeIfAbsent(id, k -> new ArrayList<>()).add(now);
    }
  }
}
