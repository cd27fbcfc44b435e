package com.queuehall.counters;

import com.queuehall.catalog.Catalog.Point;
import com.queuehall.db.Writer;
import com.queuehall.http.Problem;
import com.queuehall.live.LiveEvents;
import com.queuehall.tickets.Ticket;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;

import java.time.Clock;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

/** A counter's session: the services it serves now and whether it is open, paused or closed. */
public final class Sessions {

  public static final List<String> STATUSES = List.of("open", "paused", "closed");

  /** A counter's session as recorded; a counter never opened is closed with its catalog services. */
  public record Session(String counter, String status, List<String> services) {
    public boolean open() {
      return "open".equals(status);
    }
  }

  private final Writer writer;
  private final LiveEvents events;
  private final Clock clock;

  public Sessions(Writer writer, LiveEvents events, Clock clock) {
    this.writer = writer;
    this.events = events;
    this.clock = clock;
  }

  /**
   * Records the counter's session and its event in one statement, committed with the other writes
   * waiting at the same moment (at opening time a whole hall's counters open at once), then
   * publishes the counter as displays show it.
   */
  public Future<JsonObject> set(Point point, LocalDate day, String counter, String status, List<String> services) {
    OffsetDateTime now = OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
    JsonObject data = new JsonObject().put("status", status).put("services", new JsonArray(services));
    return writer.groupedUpdate(CounterSql.SET_SESSION, Tuple.of(point.id(), day, counter,
            services.toArray(new String[0]), status, now, data))
        .compose(rows -> {
          Ticket inHand = inHand(rows.iterator().next());
          JsonObject view = CounterView.counter(counter, status, services, inHand == null ? null
              : CounterView.ticket(inHand.id(), inHand.display(), inHand.status()));
          return events.counter(point.id(), day, view).map(view);
        });
  }

  public Future<Session> get(SqlClient client, Point point, String counter) {
    List<String> catalogServices = point.counterServices(counter);
    return client.preparedQuery(CounterSql.SESSION).execute(Tuple.of(point.id(), counter)).map(rows ->
        rows.size() == 0 ? new Session(counter, "closed", catalogServices)
            : from(rows.iterator().next(), counter, catalogServices));
  }

  /** A counter's session and, while it is open, the ticket it has in hand today (null: none). */
  record AtCounter(Session session, Ticket inHand) {}

  /** The counter's session and its ticket in hand, in one query; a counter never opened is closed. */
  static Future<AtCounter> withInHand(SqlClient client, String point, LocalDate day, String counter,
      List<String> fallback) {
    return client.preparedQuery(CounterSql.SESSION_IN_HAND).execute(Tuple.of(point, day, counter)).map(rows -> {
      Row r = rows.iterator().next();
      return new AtCounter(from(r, counter, fallback), inHand(r));
    });
  }

  /**
   * The counter's session from a row that joined it as session_status and session_services (null:
   * never opened, so closed with the fallback services).
   */
  static Session from(Row r, String counter, List<String> fallback) {
    String status = r.getString("session_status");
    return status == null ? new Session(counter, "closed", fallback)
        : new Session(counter, status, List.of(r.getArrayOfStrings("session_services")));
  }

  /** The ticket in hand from a row that joined it (its columns; all null for none). */
  private static Ticket inHand(Row r) {
    return r.getUUID("id") == null ? null : Ticket.from(r);
  }

  static Problem notOpen(Session s) {
    return Problem.conflict("counter not open", "counter " + s.counter() + " is " + s.status()
        + "; open it with PUT .../counters/" + s.counter() + "/session before calling");
  }
}
