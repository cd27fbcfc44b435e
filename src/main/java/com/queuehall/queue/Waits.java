package com.queuehall.queue;

import com.queuehall.catalog.Catalog;
import com.queuehall.catalog.Catalog.Point;
import com.queuehall.quota.DayState;
import com.queuehall.redis.DayKeys;
import com.queuehall.redis.Script;
import com.queuehall.tickets.Ticket;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Response;

import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/** Positions and estimated waits of waiting tickets, from the queues in Redis and the calling rule. */
public final class Waits {

  /** A counter's state as the hall hash holds it, read once per distinct text: its services if open. */
  private static final Map<String, Optional<Set<String>>> OPEN_SERVICES = new ConcurrentHashMap<>();
  private static final int OPEN_SERVICES_KEPT = 4096;

  /** Where a waiting ticket stands: 1 is next in its service's queue. */
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

  /**
   * One ticket's standing, with the epoch and live event seq of the moment it was read: null when
   * the ticket does not wait in that service's queue (called, transferred, or not issued there).
   */
  public record TicketStanding(long epoch, long seq, Standing standing) {}

  /**
   * The standings of several services' queues from one read of the point's queues: a ticket waits
   * behind the other services' tickets its counters also call, so every queue is read anyway. Only
   * the tickets `wanted` accepts (those a phone follows) are given a standing; every ticket counts
   * in the positions and waits of those behind it.
   */
  public Future<Map<String, Standings>> standingsAt(String pointId, LocalDate day, Set<String> services,
      Predicate<String> wanted) {
    Point point = catalog.point(pointId).orElseThrow();
    List<String> all = new ArrayList<>(point.services().keySet());
    DayKeys keys = new DayKeys(pointId, day);
    List<String> redisKeys = new ArrayList<>(List.of(keys.ctr(), keys.hall()));
    redisKeys.addAll(keys.queues(all));
    return state.decide(keys, Script.QUEUE_VIEW, redisKeys, all).map(r -> {
      Map<String, String> averages = new HashMap<>();
      Map<String, String> serviceOf = new HashMap<>();
      List<QueueEntry> entries = new ArrayList<>();
      for (int q = 4; q < r.size(); q++) {
        String s = r.get(q).get(0).toString();
        averages.put(s, r.get(q).get(1).toString());
        Response flat = r.get(q).get(2);
        for (int i = 0; i < flat.size(); i += 2) {
          entries.add(QueueEntry.parse(flat.get(i).toString(), flat.get(i + 1).toString()));
          serviceOf.put(flat.get(i).toString(), s);
        }
      }
      WaitEstimate estimate = estimateAt(point, averages, r.get(3));
      Map<String, Map<String, Standing>> byService = new HashMap<>();
      for (String s : services) byService.put(s, new LinkedHashMap<>());
      Map<String, Long> ahead = new HashMap<>();
      for (QueueEntry e : new CallingOrder(point.rule()).sorted(entries, clock.millis())) {
        String s = serviceOf.get(e.ticketId());
        Map<String, Standing> out = byService.get(s);
        if (out != null && wanted.test(e.ticketId())) {
          out.put(e.ticketId(), new Standing(ahead.getOrDefault(s, 0L) + 1, estimate.seconds(s, ahead)));
        }
        ahead.merge(s, 1L, Long::sum);
      }
      long epoch = r.get(1).toLong();
      long seq = r.get(2).toLong();
      Map<String, Standings> result = new HashMap<>();
      byService.forEach((s, out) -> result.put(s, new Standings(epoch, seq, out)));
      return result;
    });
  }

  /**
   * The ticket as the API shows it: with its standing while it waits. One ticket's standing is read
   * the way a new ticket's is (ticket_standing.lua: the arrival indexes and a few entries), not by
   * ordering the point's whole queues as a feed of every standing does; both follow the calling rule
   * (CallingOrderAgreementTest holds them to the same figures).
   */
  public Future<JsonObject> view(Ticket t) {
    if (!"WAITING".equals(t.status())) return Future.succeededFuture(t.toJson());
    return standingOf(t.point(), t.day(), t.service(), t.id().toString()).map(st -> st.standing() == null
        ? t.toJson()
        : t.toJson(st.standing().position(), st.standing().estimatedWaitSeconds()));
  }

  /**
   * Where one ticket stands in a service's queue now, read as a new ticket's position is
   * (ticket_standing.lua), so a phone that connects costs a few index reads, not an ordering of
   * the point's whole queues.
   */
  public Future<TicketStanding> standingOf(String pointId, LocalDate day, String service, String ticketId) {
    Point point = catalog.point(pointId).orElseThrow();
    DayKeys keys = new DayKeys(pointId, day);
    List<String> others = point.otherServices(service);
    List<String> redisKeys = new ArrayList<>(List.of(keys.ctr(), keys.queue(service), keys.hall()));
    redisKeys.addAll(keys.queues(others));
    List<String> args = new ArrayList<>(List.of(service, ticketId, String.valueOf(clock.millis())));
    args.addAll(point.rule().scriptArgs());
    args.addAll(others);
    return state.decide(keys, Script.TICKET_STANDING, redisKeys, args).map(r -> "OK".equals(r.get(0).toString())
        ? new TicketStanding(r.get(4).toLong(), r.get(5).toLong(),
            new Standing(r.get(1).toLong(), estimate(pointId, service, r.get(2), r.get(3))))
        : new TicketStanding(r.get(1).toLong(), r.get(2).toLong(), null));
  }

  /**
   * The estimated wait of a ticket just queued, from what the issuing script returned: per service
   * {service, tickets ahead, average} flat, and the hall hash.
   */
  public long estimate(String pointId, String service, Response ahead, Response hallFlat) {
    Map<String, String> averages = new HashMap<>();
    Map<String, Long> counts = new HashMap<>();
    for (int i = 0; i < ahead.size(); i += 3) {
      averages.put(ahead.get(i).toString(), ahead.get(i + 2).toString());
      counts.put(ahead.get(i).toString(), ahead.get(i + 1).toLong());
    }
    return estimateAt(catalog.point(pointId).orElseThrow(), averages, hallFlat).seconds(service, counts);
  }

  /**
   * The estimate at a point from its services' averages as Redis holds them ('' until measured:
   * the catalog's service time then) and its hall hash, whose counters say what each open one serves.
   */
  public static WaitEstimate estimateAt(Point point, Map<String, String> averages, Response hallFlat) {
    Map<String, Double> seconds = new HashMap<>();
    point.services().forEach((id, ps) ->
        seconds.put(id, WaitEstimate.serviceSeconds(averages.get(id), ps.service().serviceMinutes() * 60L)));
    List<Set<String>> open = new ArrayList<>();
    for (int i = 0; i < hallFlat.size(); i += 2) {
      if (!hallFlat.get(i).toString().startsWith("counter:")) continue;
      Set<String> serves = openServices(hallFlat.get(i + 1).toString());
      if (serves != null) open.add(serves);
    }
    return new WaitEstimate(seconds, open);
  }

  /**
   * The services of an open counter, null for a paused or closed one. Every issue and every live
   * event reads all the hall's counters, and a counter's text changes only when it calls or changes
   * state, so each text is parsed once (it was a tenth of the server's CPU while issuing).
   */
  static Set<String> openServices(String counterJson) {
    Optional<Set<String>> known = OPEN_SERVICES.get(counterJson);
    if (known == null) {
      JsonObject counter = new JsonObject(counterJson);
      known = "open".equals(counter.getString("status"))
          ? Optional.of(Set.copyOf(counter.getJsonArray("services", new JsonArray()).stream()
              .map(String::valueOf).toList()))
          : Optional.empty();
      if (OPEN_SERVICES.size() >= OPEN_SERVICES_KEPT) OPEN_SERVICES.clear();
      OPEN_SERVICES.put(counterJson, known);
    }
    return known.orElse(null);
  }
}
