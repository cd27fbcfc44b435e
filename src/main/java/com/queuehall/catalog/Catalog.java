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

  /**
   * How a point calls: the order of the green channel, appointments whose slot has begun and
   * walk-ins; after maxWaitMinutes any ticket goes first; an appointment before its slot queues as
   * a walk-in arriving appointmentGraceMinutes after its check-in, so it never waits behind a
   * walk-in who came more than that later. Counters may recall a ticket recallLimit times.
   */
  public record CallingRule(List<String> order, int maxWaitMinutes, int appointmentGraceMinutes, int recallLimit) {

    public static final List<String> CATEGORIES = List.of("green", "appointment", "walk-in");
    public static final CallingRule DEFAULT = new CallingRule(CATEGORIES, 90, 15, 2);

    public CallingRule {
      if (order.size() != 3 || !order.containsAll(CATEGORIES)) {
        throw new IllegalArgumentException("callingRule.order must name green, appointment and walk-in once each");
      }
      if (order.indexOf("appointment") > order.indexOf("walk-in")) {
        throw new IllegalArgumentException("callingRule.order must put appointment before walk-in");
      }
      if (maxWaitMinutes < 1 || appointmentGraceMinutes < 0 || recallLimit < 0) {
        throw new IllegalArgumentException(
            "callingRule needs maxWaitMinutes >= 1, appointmentGraceMinutes >= 0, recallLimit >= 0");
      }
      order = List.copyOf(order);
    }

    public String orderArg() {
      return String.join(",", order);
    }

    public long maxWaitMs() {
      return maxWaitMinutes * 60_000L;
    }

    public long graceMs() {
      return appointmentGraceMinutes * 60_000L;
    }

    /** The rule as every script that ranks tickets takes it: order, max wait (ms), grace (ms). */
    public List<String> scriptArgs() {
      return List.of(orderArg(), String.valueOf(maxWaitMs()), String.valueOf(graceMs()));
    }
  }

  public record Point(String id, String name, String district, Map<String, PointService> services,
      List<String> kiosks, List<Counter> counters, CallingRule rule) {

    public Optional<Counter> counter(String counterId) {
      return counters.stream().filter(c -> c.id().equals(counterId)).findFirst();
    }

    /** The services the catalog gives a counter (what it serves until its session says otherwise). */
    public List<String> counterServices(String counterId) {
      return counter(counterId).map(Counter::services).orElse(List.of());
    }

    public Optional<PointService> service(String serviceId) {
      return Optional.ofNullable(services.get(serviceId));
    }

    /** The point's services other than this one: the queues a ticket of it may wait behind too. */
    public List<String> otherServices(String serviceId) {
      return services.keySet().stream().filter(s -> !s.equals(serviceId)).toList();
    }
  }
}
