package com.queuehall.live;

import com.queuehall.catalog.Catalog.Counter;
import com.queuehall.catalog.Catalog.Point;
import com.queuehall.queue.WaitEstimate;
import com.queuehall.redis.DayKeys;
import com.queuehall.support.CounterTerminal;
import com.queuehall.support.Kiosk;
import com.queuehall.support.LiveClient;
import com.queuehall.support.OneHallPerClass;
import com.queuehall.support.Stores;
import com.queuehall.support.TestHall;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.redis.client.Command;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A hall display's queue figures are computed in Lua (lib.lua's queue_figures, run by hall_view.lua
 * for a snapshot and by publish.lua for each event), while every other estimate is WaitEstimate.java's.
 * On random halls built through the API (each of P001's six counters open, paused or closed, on a
 * random part of its services; a random number of walk-ins per queue; some services with a measured
 * average), the figures of the snapshot, of the next issue's event and of a counter's change must be
 * what WaitEstimate gives for a newcomer behind everyone waiting, with the open counters the test set;
 * the event carries the figures of its queue and of every queue sharing an open counter with it.
 */
class HallFiguresAgreementTest extends OneHallPerClass {

  private static final int HALLS = 40;
  private static final long SEED = 20_261_202L;
  private static final Duration WAIT = Duration.ofSeconds(5);
  private static final String[] STATUSES = {"open", "open", "open", "paused", "closed"};

  @Test
  @DisplayName("on 40 random halls, the queue figures of a snapshot, an issue event and a counter event "
      + "are WaitEstimate's for a newcomer, with the counters open and the averages measured")
  void luaFiguresAreWaitEstimates() {
    Point point = hall.server().catalog().point("P001").orElseThrow();
    Kiosk kiosk = Kiosk.at(hall, "P001");
    for (int h = 0; h < HALLS; h++) {
      Random random = new Random(SEED + h);
      Stores.reset();
      String what = "hall " + h + " (seed " + (SEED + h) + ")";
      Map<String, List<String>> open = new HashMap<>();
      for (Counter c : point.counters()) {
        String status = STATUSES[random.nextInt(STATUSES.length)];
        if (status.equals("closed")) continue;
        List<String> services = someOf(c.services(), random);
        HttpResponse<Buffer> r = CounterTerminal.at(hall, "P001", c.id())
            .session(status, services.toArray(String[]::new));
        assertThat(r.statusCode()).as(what + ": " + r.bodyAsString()).isEqualTo(200);
        if (status.equals("open")) open.put(c.id(), services);
      }
      Map<String, String> averages = new HashMap<>();
      for (String s : point.services().keySet()) {
        if (random.nextBoolean()) continue;
        // the format of lib.lua's observe; measuring one takes a served ticket per sample.
        averages.put(s, String.format(Locale.ROOT, "%.3f", 60 + 1500 * random.nextDouble()));
        Stores.redis(Command.HSET, new DayKeys("P001", TestHall.TODAY).ctr(), "e:" + s, averages.get(s));
      }
      Map<String, Long> waiting = new HashMap<>();
      for (String s : point.services().keySet()) {
        int n = random.nextInt(7);
        for (int i = 0; i < n; i++) {
          if (random.nextInt(4) == 0) kiosk.green(s);
          else kiosk.walkIn(s);
        }
        waiting.put(s, (long) n);
      }
      try (LiveClient display = LiveClient.hall(hall, "P001")) {
        JsonObject snapshot = display.next("snapshot", WAIT);
        assertFigures(what + ", snapshot", snapshot.getJsonArray("queues"), point, averages, open, waiting);
        assertThat(snapshot.getJsonArray("queues")).hasSize(point.services().size());

        String service = new ArrayList<>(point.services().keySet()).get(random.nextInt(point.services().size()));
        kiosk.walkIn(service);
        waiting.merge(service, 1L, Long::sum);
        JsonObject issued = display.next("ticket.issued", WAIT);
        assertFigures(what + ", issue of " + service, issued.getJsonArray("queues"), point, averages, open, waiting);
        // The issued ticket's queue, and every queue sharing an open counter with it: their estimates count it.
        Set<String> moved = new TreeSet<>(List.of(service));
        open.values().stream().filter(services -> services.contains(service)).forEach(moved::addAll);
        assertThat(issued.getJsonArray("queues").stream().map(q -> ((JsonObject) q).getString("service")))
            .as(what).containsExactlyInAnyOrderElementsOf(moved);

        Counter c = point.counters().get(random.nextInt(point.counters().size()));
        List<String> services = someOf(c.services(), random);
        CounterTerminal.at(hall, "P001", c.id()).opens(services.toArray(String[]::new));
        open.put(c.id(), services);
        JsonObject changed = display.next("counter.open", WAIT);
        assertFigures(what + ", " + c.id() + " opening for " + services, changed.getJsonArray("queues"), point,
            averages, open, waiting);
      }
    }
  }

  /** Each figure shown is WaitEstimate's for a newcomer behind everyone waiting. */
  private static void assertFigures(String what, JsonArray queues, Point point, Map<String, String> averages,
      Map<String, List<String>> open, Map<String, Long> waiting) {
    Map<String, Double> seconds = new HashMap<>();
    point.services().forEach((id, ps) ->
        seconds.put(id, WaitEstimate.serviceSeconds(averages.get(id), ps.service().serviceMinutes() * 60L)));
    List<Set<String>> openSets = open.values().stream().map(Set::copyOf).toList();
    WaitEstimate estimate = new WaitEstimate(seconds, openSets);
    assertThat(queues).as(what).isNotEmpty();
    for (int i = 0; i < queues.size(); i++) {
      JsonObject q = queues.getJsonObject(i);
      String s = q.getString("service");
      String about = what + ": " + s + " with " + open + " open, averages " + averages + ", waiting " + waiting;
      assertThat(q.getLong("waiting")).as(about).isEqualTo(waiting.get(s));
      assertThat(q.getLong("estimatedWaitSeconds")).as(about).isEqualTo(estimate.seconds(s, waiting));
      assertThat(q.getLong("countersOpen")).as(about).isEqualTo(openSets.stream().filter(o -> o.contains(s)).count());
    }
  }

  /** A random non-empty part of the services, in their catalog order. */
  private static List<String> someOf(List<String> services, Random random) {
    List<String> out = new ArrayList<>();
    for (String s : services) if (random.nextBoolean()) out.add(s);
    if (out.isEmpty()) out.add(services.get(random.nextInt(services.size())));
    return out;
  }
}
