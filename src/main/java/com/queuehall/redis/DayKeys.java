package com.queuehall.redis;

import java.time.LocalDate;
import java.util.Collection;
import java.util.List;

/**
 * The Redis keys of one point and day. They share the hash tag {point:day}, so every script
 * touches a single cluster slot and runs unchanged on Redis Cluster.
 */
public record DayKeys(String point, LocalDate day) {

  private String key(String name) {
    return "qh:{" + point + ":" + day + "}:" + name;
  }

  /** Counters: epoch, numbers, waiting counts, places. */
  public String ctr() {
    return key("ctr");
  }

  /** Capacities in force and their versions. */
  public String cap() {
    return key("cap");
  }

  /** Idempotency key → walk-in ticket id. */
  public String idem() {
    return key("idem");
  }

  /** service:citizen → appointment id. */
  public String cit() {
    return key("cit");
  }

  /** What a new hall subscriber must see first: counter field → JSON of that counter. */
  public String hall() {
    return key("hall");
  }

  /** The tickets waiting for a service: ticket id → queue entry. */
  public String queue(String service) {
    return key("q:" + service);
  }

  /** The queues of these services, in their order. */
  public List<String> queues(Collection<String> services) {
    return services.stream().map(this::queue).toList();
  }

  /** Appointment id → check-in number. */
  public String chk() {
    return key("chk");
  }
}
