package com.queuehall.ops;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import java.time.Duration;

/**
 * The Prometheus registry of one server, and the domain counters the on-call engineer watches.
 * HTTP latency per route comes from Vert.x's own metrics, published as histograms so that p50,
 * p99 and p99.9 can be computed in Prometheus.
 */
public final class Metrics {

  private final PrometheusMeterRegistry registry;
  private final Counter walkInsIssued;
  private final Counter checkInsIssued;
  private final Counter bookings;
  private final Counter cancellations;
  private final Counter walkInExhausted;
  private final Counter slotFull;
  private final Counter replays;
  private final Counter rebuilds;

  public Metrics() {
    registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    registry.config().meterFilter(new MeterFilter() {
      @Override
      public DistributionStatisticConfig configure(Meter.Id id, DistributionStatisticConfig config) {
        if (id.getName().startsWith("vertx.http.server.response.time")) {
          return DistributionStatisticConfig.builder()
              .percentilesHistogram(true)
              .minimumExpectedValue((double) Duration.ofMillis(1).toNanos())
              .maximumExpectedValue((double) Duration.ofSeconds(10).toNanos())
              .build().merge(config);
        }
        return config;
      }
    });
    walkInsIssued = Counter.builder("queuehall.tickets.issued").tag("kind", "walk-in")
        .description("Tickets issued and committed").register(registry);
    checkInsIssued = Counter.builder("queuehall.tickets.issued").tag("kind", "appointment")
        .description("Tickets issued and committed").register(registry);
    bookings = Counter.builder("queuehall.bookings").description("Appointments booked and committed").register(registry);
    cancellations = Counter.builder("queuehall.cancellations").description("Appointments cancelled").register(registry);
    walkInExhausted = Counter.builder("queuehall.quota.exhausted").tag("pool", "walk-in")
        .description("Requests refused because the quota was used up").register(registry);
    slotFull = Counter.builder("queuehall.quota.exhausted").tag("pool", "slot")
        .description("Requests refused because the quota was used up").register(registry);
    replays = Counter.builder("queuehall.idempotent.replays")
        .description("Retries answered with the object of the first request").register(registry);
    rebuilds = Counter.builder("queuehall.redis.rebuilds")
        .description("Point-days whose Redis state was rebuilt from Postgres").register(registry);
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
}
