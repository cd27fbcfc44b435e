package com.queuehall.queue;

import java.time.Duration;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * One point's day as the wait simulation plays it: who arrives when, for what, and how long each
 * takes at the counter. Everything random is drawn here, from one seed, before the day starts, so
 * a citizen's service time does not depend on which counter happens to call them.
 *
 * @param point the service point
 * @param seed the seed of every draw
 * @param open when counters open (arrivals start then too)
 * @param arrivalsPerHour piecewise-constant arrival rate: from each time to the next, tickets an hour; the last entry
 *     (rate 0) closes the doors
 * @param mix share of arrivals per service (normalised)
 * @param meanServiceMinutes the true mean service time per service, from start to complete
 * @param serviceSpread sigma of the lognormal service time (0.5 gives a coefficient of variation of about 0.53)
 * @param walkUpSeconds from call to start: the citizen walking to the counter, uniform in [min, max]
 * @param noShowShare share of citizens who do not come when called: recalled, then marked no-show
 * @param counters the counters open today and the services each serves
 * @param breaks counters that pause for a while: counter → [from, to)
 */
public record SimulatedDay(String point, long seed, LocalTime open, Map<LocalTime, Integer> arrivalsPerHour,
    Map<String, Double> mix, Map<String, Double> meanServiceMinutes, double serviceSpread, int[] walkUpSeconds,
    double noShowShare, Map<String, List<String>> counters, Map<String, LocalTime[]> breaks) {

  /** One arrival: what they came for, and the draws that decide how their visit goes. */
  public record Citizen(int n, LocalTime arrival, String service, Duration serviceTime, Duration walkUp,
      boolean noShow) {}

  /**
   * A busy summer day at P001 (exit-entry hall, six counters): a morning peak around 10:00 and an
   * afternoon peak around 15:00 that outrun the counters for an hour or two, a lull at lunch while
   * four counters take staggered breaks; about 400 walk-ins; service a little slower than the
   * catalog's figures, as on a peak day.
   */
  public static SimulatedDay busyP001(long seed) {
    Map<LocalTime, Integer> rates = new LinkedHashMap<>();
    rates.put(LocalTime.of(8, 30), 24);
    rates.put(LocalTime.of(9, 0), 70);
    rates.put(LocalTime.of(10, 0), 74);
    rates.put(LocalTime.of(11, 0), 48);
    rates.put(LocalTime.of(12, 0), 22);
    rates.put(LocalTime.of(13, 0), 34);
    rates.put(LocalTime.of(14, 0), 64);
    rates.put(LocalTime.of(15, 0), 66);
    rates.put(LocalTime.of(16, 0), 36);
    rates.put(LocalTime.of(17, 0), 0);
    Map<String, List<String>> counters = new LinkedHashMap<>();
    counters.put("C01", List.of("passport", "hkmo-permit"));
    counters.put("C02", List.of("passport", "hkmo-permit"));
    counters.put("C03", List.of("hkmo-permit", "hkmo-endorsement"));
    counters.put("C04", List.of("hkmo-permit", "hkmo-endorsement"));
    counters.put("C05", List.of("passport", "hkmo-permit", "hkmo-endorsement"));
    counters.put("C06", List.of("passport", "hkmo-permit", "hkmo-endorsement"));
    return new SimulatedDay("P001", seed, LocalTime.of(8, 30), rates,
        Map.of("passport", 0.40, "hkmo-permit", 0.35, "hkmo-endorsement", 0.25),
        Map.of("passport", 9.0, "hkmo-permit", 6.5, "hkmo-endorsement", 3.5),
        0.5, new int[] {15, 45}, 0.03, counters,
        Map.of("C01", new LocalTime[] {LocalTime.of(12, 0), LocalTime.of(12, 45)},
            "C03", new LocalTime[] {LocalTime.of(12, 0), LocalTime.of(12, 45)},
            "C02", new LocalTime[] {LocalTime.of(12, 45), LocalTime.of(13, 30)},
            "C04", new LocalTime[] {LocalTime.of(12, 45), LocalTime.of(13, 30)}));
  }

  /** Every arrival of the day, in order: a Poisson process whose rate is the piecewise table. */
  public List<Citizen> citizens() {
    Random rnd = new Random(seed);
    List<String> services = mix.keySet().stream().sorted().toList();
    double total = mix.values().stream().mapToDouble(Double::doubleValue).sum();
    List<Map.Entry<LocalTime, Integer>> pieces = new ArrayList<>(arrivalsPerHour.entrySet());
    pieces.sort(Map.Entry.comparingByKey());
    List<Citizen> out = new ArrayList<>();
    for (int i = 0; i + 1 < pieces.size(); i++) {
      double perSecond = pieces.get(i).getValue() / 3600.0;
      if (perSecond <= 0) continue;
      double t = pieces.get(i).getKey().toSecondOfDay();
      double end = pieces.get(i + 1).getKey().toSecondOfDay();
      // The exponential has no memory, so restarting it at each piece's border is exact.
      while ((t += -Math.log(1 - rnd.nextDouble()) / perSecond) < end) {
        String service = pick(rnd, services, total);
        double mean = meanServiceMinutes.get(service) * 60;
        double mu = Math.log(mean) - serviceSpread * serviceSpread / 2;
        double seconds = Math.exp(mu + serviceSpread * rnd.nextGaussian());
        int walkUp = walkUpSeconds[0] + rnd.nextInt(walkUpSeconds[1] - walkUpSeconds[0] + 1);
        boolean noShow = rnd.nextDouble() < noShowShare;
        out.add(new Citizen(out.size() + 1, LocalTime.ofNanoOfDay((long) (t * 1e9)), service,
            Duration.ofMillis(Math.round(seconds * 1000)), Duration.ofSeconds(walkUp), noShow));
      }
    }
    out.sort(Comparator.comparing(Citizen::arrival));
    return out;
  }

  private String pick(Random rnd, List<String> services, double total) {
    double x = rnd.nextDouble() * total;
    for (String s : services) {
      x -= mix.get(s);
      if (x < 0) return s;
    }
    return services.get(services.size() - 1);
  }
}
