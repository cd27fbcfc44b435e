package com.queuehall.perf.bench;

import com.queuehall.tickets.Ticket;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;

/**
 * JSON of an answer and of a live event: a walk-in's ticket as the kiosk gets it (built and encoded),
 * and a ticket.issued event shaped as LiveEvents builds it (its event() is private; these are its parts).
 */
@State(Scope.Thread)
public class TicketJson extends BenchmarkBase {

  private final OffsetDateTime issuedAt = OffsetDateTime.of(2026, 7, 1, 9, 41, 7, 0, ZoneOffset.ofHours(8));
  private final Ticket ticket = new Ticket(UUID.fromString("7c9e6679-7425-40de-944b-e07fc1f90ae7"), "P001", "passport",
      "passport", LocalDate.of(2026, 7, 1), "A", 42, Ticket.WALK_IN, null, false, "WAITING", null, 0, issuedAt,
      issuedAt, null, null, null, null);
  private final JsonObject queues = new JsonObject()
      .put("passport", new JsonObject().put("waiting", 17).put("estimatedWaitSeconds", 840))
      .put("hkmo-permit", new JsonObject().put("waiting", 9).put("estimatedWaitSeconds", 420));

  @Benchmark
  public JsonObject ticketToJson() {
    return ticket.toJson(17, 840L);
  }

  /** What Replies.json sends: the object built and encoded to a buffer. */
  @Benchmark
  public Buffer ticketEncoded() {
    return ticket.toJson(17, 840L).toBuffer();
  }

  /** ticket.issued with its queues' figures, as publish.lua receives it. */
  @Benchmark
  public String liveEventEncoded() {
    JsonObject event = new JsonObject().put("type", "ticket.issued")
        .put("ticket", new JsonObject().put("id", ticket.id().toString()).put("number", ticket.display())
            .put("service", ticket.service()).put("status", ticket.status()));
    event.put("pointId", ticket.point()).put("day", ticket.day().toString()).put("at", "2026-07-01T01:41:07.123Z");
    event.put("queues", queues);
    return event.encode();
  }
}
