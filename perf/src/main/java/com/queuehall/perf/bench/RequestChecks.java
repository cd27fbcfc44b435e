package com.queuehall.perf.bench;

import com.queuehall.appointments.ResidentId;
import com.queuehall.catalog.SlotGrid;
import com.queuehall.http.Body;
import com.queuehall.tickets.TicketRoutes;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;

import java.time.LocalDate;
import java.time.LocalTime;

/** What a request costs before it reaches Redis: the JSON body read field by field, and the checks on its values. */
@State(Scope.Thread)
public class RequestChecks extends BenchmarkBase {

  private final String walkInBody = "{\"service\":\"passport\",\"green\":false}";
  private final String bookingBody = "{\"pointId\":\"P001\",\"service\":\"passport\",\"day\":\"2026-07-02\","
      + "\"slot\":\"10:30\",\"citizenId\":\"44010619900307123X\",\"phone\":\"13800138000\"}";
  private final String citizenId = ResidentId.withCheckDigit("44010619900307123");
  private final SlotGrid grid = new SlotGrid(LocalTime.of(8, 30), LocalTime.of(20, 0), 30, 4);
  private final String idempotencyKey = "kiosk-K001-7c9e6679-7425-40de-944b-e07fc1f90ae7";

  /** A kiosk's walk-in body: parse, then the service and the green flag. */
  @Benchmark
  public void walkInBody(Blackhole bh) {
    Body body = Body.parse(walkInBody);
    bh.consume(body.string("service"));
    bh.consume(body.flag("green"));
  }

  /** A booking's body: parse, then its six fields and the day. */
  @Benchmark
  public void bookingBody(Blackhole bh) {
    Body body = Body.parse(bookingBody);
    bh.consume(body.string("pointId"));
    bh.consume(body.string("service"));
    bh.consume(Body.day(body.string("day"), "day"));
    bh.consume(body.string("slot"));
    bh.consume(body.string("citizenId"));
    bh.consume(body.string("phone"));
  }

  @Benchmark
  public String residentIdProblem() {
    return ResidentId.problem(citizenId);
  }

  @Benchmark
  public boolean slotGridHas() {
    return grid.has("10:30");
  }

  @Benchmark
  public String idempotencyKey() {
    return TicketRoutes.idempotencyKey(idempotencyKey);
  }

  @Benchmark
  public LocalDate day() {
    return Body.day("2026-07-02", "day");
  }
}
