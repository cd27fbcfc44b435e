package com.queuehall.queue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The estimated wait of a ticket of service s: the work ahead of it divided by the open counters
 * serving s. The work ahead is every ticket before it in calling order, in any queue of the point,
 * each counted as its service's moving-average service time times the share of that service's open
 * counters that also serve s, plus half of one service of s for the services under way. Counters
 * call across all the queues they serve, so a ticket waits behind other services' tickets too; with
 * counters dedicated to one service this is the service time × (position − 0.5) ÷ open counters.
 *
 * <p>The counts of open counters per service and per pair of services are taken once, when the
 * estimate is made: a live feed asks it for every waiting ticket of a queue in turn.
 */
public final class WaitEstimate {

  /** Weight of the newest service time in the moving average. */
  public static final double ALPHA = 0.2;

  private final Map<String, Double> serviceSeconds;
  /** Open counters serving each service. */
  private final Map<String, Long> serving = new HashMap<>();
  /** Open counters serving both services of a pair, keyed "a\0b". */
  private final Map<String, Long> both = new HashMap<>();

  /**
   * @param serviceSeconds the average service time of each service of the point
   * @param openCounters the services of each open counter
   */
  public WaitEstimate(Map<String, Double> serviceSeconds, List<Set<String>> openCounters) {
    this.serviceSeconds = Map.copyOf(serviceSeconds);
    for (Set<String> counter : openCounters) {
      for (String a : counter) {
        serving.merge(a, 1L, Long::sum);
        for (String b : counter) both.merge(pair(a, b), 1L, Long::sum);
      }
    }
  }

  /** The moving average after one more measured service time. */
  public static double fold(double average, double seconds) {
    return ALPHA * seconds + (1 - ALPHA) * average;
  }

  /** The average service time: the measured one, else the catalog's until something is measured. */
  public static double serviceSeconds(String ewmaSeconds, long defaultSeconds) {
    return ewmaSeconds == null || ewmaSeconds.isEmpty() ? defaultSeconds : Double.parseDouble(ewmaSeconds);
  }

  /**
   * @param service the ticket's service
   * @param ahead per service, how many of its tickets will be called before this one; with no
   *     counter open for the service, one is assumed and other services are not counted
   */
  public long seconds(String service, Map<String, Long> ahead) {
    double work = 0.5 * seconds(service);
    for (Map.Entry<String, Long> e : ahead.entrySet()) {
      work += e.getValue() * seconds(e.getKey()) * share(e.getKey(), service);
    }
    return Math.round(work / Math.max(1, serving(service)));
  }

  /** The share of the open counters serving `other` that also serve `service`. */
  private double share(String other, String service) {
    if (other.equals(service)) return 1;
    long serving = serving(other);
    if (serving == 0) return 0;
    return (double) both.getOrDefault(pair(other, service), 0L) / serving;
  }

  private long serving(String service) {
    return serving.getOrDefault(service, 0L);
  }

  private double seconds(String service) {
    return serviceSeconds.getOrDefault(service, 0.0);
  }

  private static String pair(String a, String b) {
    return a + '\0' + b;
  }
}
