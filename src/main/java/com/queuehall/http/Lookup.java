package com.queuehall.http;

import com.queuehall.catalog.Catalog;
import com.queuehall.catalog.Catalog.Point;
import com.queuehall.catalog.Catalog.PointService;

import java.time.Clock;
import java.time.LocalDate;

/** Resolves what a request names (point, service, day) against the catalog, or says what is wrong. */
public final class Lookup {

  private final Catalog catalog;
  private final Clock clock;

  public Lookup(Catalog catalog, Clock clock) {
    this.catalog = catalog;
    this.clock = clock;
  }

  public Catalog catalog() {
    return catalog;
  }

  public Clock clock() {
    return clock;
  }

  public LocalDate today() {
    return catalog.today(clock);
  }

  /** A point named in the path: unknown is 404. */
  public Point point(String id) {
    return catalog.point(id).orElseThrow(() -> Problem.notFound("unknown point",
        "there is no service point " + id + "; GET /api/v1/points lists them"));
  }

  /** A point named in a body field: unknown is 400. */
  public Point pointField(String id) {
    return catalog.point(id).orElseThrow(() -> Problem.badRequest(
        "'pointId' " + id + " is not a service point; GET /api/v1/points lists them"));
  }

  public PointService service(Point point, String id) {
    return point.service(id).orElseThrow(() -> Problem.badRequest("service '" + id + "' is not offered at "
        + point.id() + "; it offers " + String.join(", ", point.services().keySet())));
  }

  /** A day that can still be served or booked: from today (the points' local date) to the horizon. */
  public LocalDate bookableDay(LocalDate day, String name) {
    LocalDate today = today();
    if (day.isBefore(today)) throw Problem.badRequest(name + " " + day + " is in the past; today is " + today);
    LocalDate last = today.plusDays(catalog.bookingHorizonDays());
    if (day.isAfter(last)) {
      throw Problem.badRequest(name + " " + day + " is beyond the booking window, which ends on " + last);
    }
    return day;
  }
}
