package com.queuehall.catalog;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The halls as configured: points, their kiosks, counters and services. Immutable once loaded. */
public record Catalog(ZoneId zone, int bookingHorizonDays, Map<String, Service> services,
    Map<String, Point> points) {

  public Optional<Point> point(String id) {
    return Optional.ofNullable(points.get(id));
  }

  /** The point's local date: numbers restart each day and days are the halls' own. */
  public LocalDate today(Clock clock) {
    return LocalDate.now(clock.withZone(zone));
  }

  public record Service(String id, String line, String name, String prefix, int walkInQuota,
      SlotGrid grid, int serviceMinutes) {}

  /** A service as one point offers it, with that point's default capacities. */
  public record PointService(Service service, int walkInQuota, int slotCapacity) {
    public String id() {
      return service.id();
    }
  }

  public record Counter(String id, List<String> services) {}

  public record Point(String id, String name, String district, Map<String, PointService> services,
      List<String> kiosks, List<Counter> counters) {

    public Optional<PointService> service(String serviceId) {
      return Optional.ofNullable(services.get(serviceId));
    }
  }
}
