package com.queuehall.ops;

import com.queuehall.db.Writer;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The Prometheus registry of one server, and the domain counters the on-call engineer watches.
 * HTTP latency per route comes from Vert.x's own metrics, published as histograms so that p50,
 * p99 and p99.9 can be computed in Prometheus.
 */
public final class Metrics {

  private static final String FLUSH = "queuehall.pg.flush";

  private final PrometheusMeterRegistry registry;
  private final Counter walkInsIssued;
  private final Counter checkInsIssued;
  private final Counter bookings;
  private final Counter cancellations;
  private final Counter walkInExhausted;
  private final Counter slotFull;
  private final Counter replays;
  private final Counter rebuilds;
  private final AtomicLong hallSubscribers = new AtomicLong();
  private final AtomicLong ticketSubscribers = new AtomicLong();
  private final Map<String, Counter> resyncs = new ConcurrentHashMap<>();
  private final Map<String, Counter> dropped = new ConcurrentHashMap<>();
  private final Counter liveStalls;

  public Metrics() {
    registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    registry.config().meterFilter(new MeterFilter() {
      @Override
      public DistributionStatisticConfig configure(Meter.Id id, DistributionStatisticConfig config) {
        if (id.getName().startsWith("vertx.http.server.response.time")) return histogram(config, Duration.ofMillis(1));
        if (id.getName().equals(FLUSH)) return histogram(config, Duration.ofNanos(100_000));
        return config;
      }
    });
    walkInsIssued = Counter.builder("queuehall.tickets.issued").tag("kind", "walk-in")
        .description("Tickets issued and committed").register(registry);
    checkInsIssued = Counter.builder("queuehall.tickets.issued").tag("kind", "appointment")
        .description("Tickets issued and committed").register(registry);
    bookings = Counter.builder("queuehall.bookings")
        .description("Appointments booked and committed").register(registry);
    cancellations = Counter.builder("queuehall.cancellations").description("Appointments cancelled").register(registry);
    walkInExhausted = Counter.builder("queuehall.quota.exhausted").tag("pool", "walk-in")
        .description("Requests refused because the quota was used up").register(registry);
    slotFull = Counter.builder("queuehall.quota.exhausted").tag("pool", "slot")
        .description("Requests refused because the quota was used up").register(registry);
    replays = Counter.builder("queuehall.idempotent.replays")
        .description("Retries answered with the object of the first request").register(registry);
    rebuilds = Counter.builder("queuehall.redis.rebuilds")
        .description("Point-days whose Redis state was rebuilt from Postgres").register(registry);
    liveStalls = Counter.builder("queuehall.live.stalls")
        .description("Times a live subscriber's write queue was full, so it was skipped until it drained")
        .register(registry);
    Gauge.builder("queuehall.live.subscribers", hallSubscribers, AtomicLong::get).tag("feed", "hall")
        .description("Open live WebSocket subscribers").register(registry);
    Gauge.builder("queuehall.live.subscribers", ticketSubscribers, AtomicLong::get).tag("feed", "ticket")
        .description("Open live WebSocket subscribers").register(registry);
  }

  /** Latency buckets from `min` to 10 s, so that Prometheus can compute p50, p99 and p99.9. */
  private static DistributionStatisticConfig histogram(DistributionStatisticConfig config, Duration min) {
    return DistributionStatisticConfig.builder()
        .percentilesHistogram(true)
        .minimumExpectedValue((double) min.toNanos())
        .maximumExpectedValue((double) Duration.ofSeconds(10).toNanos())
        .build().merge(config);
  }

  public PrometheusMeterRegistry registry() {
    return registry;
  }

  public void walkInIssued() {
    walkInsIssued.increment();
  }

  public void checkInIssued() {
    checkInsIssued.increment();
  }

  public void booked() {
    bookings.increment();
  }

  public void cancelled() {
    cancellations.increment();
  }

  public void walkInExhausted() {
    walkInExhausted.increment();
  }

  public void slotFull() {
    slotFull.increment();
  }

  public void replayed() {
    replays.increment();
  }

  public void rebuilt() {
    rebuilds.increment();
  }

  /**
   * The group commit of one event loop's Postgres pool (pool: its name, pg-0, pg-1, …): each flush's
   * time from start to Postgres's answer, a histogram so p99 shows, and the writes it carried.
   */
  public Writer.Flushes flushes(String pool) {
    Timer time = Timer.builder(FLUSH).tag("pool_name", pool)
        .description("Group-commit flushes: time from sending to Postgres's answer").register(registry);
    DistributionSummary writes = DistributionSummary.builder(FLUSH + ".writes").tag("pool_name", pool)
        .description("Writes committed together per group-commit flush").register(registry);
    return (n, nanos) -> {
      time.record(nanos, TimeUnit.NANOSECONDS);
      writes.record(n);
    };
  }

  /** A live subscriber came (+1) or went (-1); feed is hall or ticket. */
  public void liveSubscribers(String feed, int delta) {
    ("hall".equals(feed) ? hallSubscribers : ticketSubscribers).addAndGet(delta);
  }

  /** A live subscriber's write queue was full: it is skipped until it drains. */
  public void liveStalled() {
    liveStalls.increment();
  }

  /** A live subscriber was sent a fresh snapshot: requested, slow (it drained), gap, epoch or reconnect. */
  public void liveResynced(String reason) {
    resyncs.computeIfAbsent(reason, r -> Counter.builder("queuehall.live.resyncs").tag("reason", r)
        .description("Fresh snapshots sent to live subscribers after they missed or may have missed events")
        .register(registry)).increment();
  }

  /** A live subscriber was closed by the server: slow (its buffer stayed full), bad-input, or silent (no pong). */
  public void liveDropped(String reason) {
    dropped.computeIfAbsent(reason, r -> Counter.builder("queuehall.live.dropped").tag("reason", r)
        .description("Live subscribers closed by the server").register(registry)).increment();
  }
}
