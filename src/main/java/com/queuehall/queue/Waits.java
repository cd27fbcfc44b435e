package com.queuehall.queue;

import com.queuehall.catalog.Catalog;
import com.queuehall.catalog.Catalog.Point;
import com.queuehall.quota.DayState;
import com.queuehall.redis.DayKeys;
import com.queuehall.redis.Script;
import com.queuehall.tickets.Ticket;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Response;

import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Positions and estimated waits of waiting tickets, from the queue in Redis and the calling rule. */
public final class Waits {

  /** Where a waiting ticket stands: 1 is next. */
  public record Standing(long position, long estimatedWaitSeconds) {}

  private final Catalog catalog;
  private final DayState state;
  private final Clock clock;

  public Waits(Catalog catalog, DayState state, Clock clock) {
    this.catalog = catalog;
    this.state = state;
    this.clock = clock;
  }

  /** The standings of a service's queue, read in one step with the live event seq they are current to. */
  public record Standings(long epoch, long seq, Map<String, Standing> byTicket) {}

  /** Every waiting ticket of a service, in calling order, with its standing. */
  public Future<Map<String, Standing>> standings(String pointId, LocalDate day, String service) {
    return standingsAt(pointId, day, service).map(Standings::byTicket);
  }

  /** Like standings, with the epoch and live event seq of the moment they were read. */
  public Future<Standings> standingsAt(String pointId, LocalDate day, String service) {
    Point point = catalog.point(pointId).orElseThrow();
    long defaultSeconds = point.service(service).map(ps -> ps.service().serviceMinutes() * 60L).orElse(300L);
    DayKeys keys = new DayKeys(pointId, day);
    return state.decide(keys, Script.QUEUE_VIEW, List.of(keys.ctr(), keys.queue(service), keys.hall()), List.of(service))
        .map(r -> {
          String ewma = r.get(3).toString();
          long open = r.get(4).toLong();
          Response flat = r.get(5);
          List<QueueEntry> entries = new ArrayList<>(flat.size() / 2);
          for (int i = 0; i < flat.size(); i += 2) entries.add(QueueEntry.parse(flat.get(i).toString(), flat.get(i + 1).toString()));
          Map<String, Standing> out = new LinkedHashMap<>();
          long position = 0;
          for (QueueEntry e : new CallingOrder(point.rule()).sorted(entries, clock.millis())) {
            position++;
            out.put(e.ticketId(), new Standing(position, WaitEstimate.seconds(ewma, defaultSeconds, position, open)));
          }
          return new Standings(r.get(1).toLong(), r.get(2).toLong(), out);
        });
  }

  /** The ticket as the API shows it: with its standing while it waits. */
  public Future<JsonObject> view(Ticket t) {
    if (!"WAITING".equals(t.status())) return Future.succeededFuture(t.toJson());
    return standings(t.point(), t.day(), t.service()).map(all -> {
      Standing s = all.get(t.id().toString());
      return s == null ? t.toJson() : t.toJson(s.position(), s.estimatedWaitSeconds());
    });
  }

  /** The standing of a ticket just queued, from what the issuing script returned. */
  public long estimate(String pointId, String service, String ewma, long position, long openCounters) {
    long defaultSeconds = catalog.point(pointId).flatMap(p -> p.service(service))
        .map(ps -> ps.service().serviceMinutes() * 60L).orElse(300L);
    return WaitEstimate.seconds(ewma, defaultSeconds, position, openCounters);
  }
}
