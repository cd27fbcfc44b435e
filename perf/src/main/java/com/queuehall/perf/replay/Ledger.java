package com.queuehall.perf.replay;

import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the server acknowledged, kept to check its invariants afterwards: tickets and their
 * numbers, walk-ins per quota, bookings per slot, idempotent retries, and calls.
 *
 * <p>It keeps the few fields the checks read, not the answers: a whole day is ~110,000 answers,
 * and kept as JSON objects they were most of the replayer's heap, copied by every young
 * collection while the release's bookings arrived (pauses of 100-200 ms, which the latencies
 * recorded from the scheduled times then charged to the server).
 */
final class Ledger {

  /** A place in the number sources: point, service and day (and slot, for bookings). */
  record Source(String point, String service, String day) {}

  /** An acknowledged ticket: what the number check needs. */
  record Ticket(String id, String point, String day, String number) {}

  /** An acknowledged booking: what the checks and its check-in need. */
  record Booking(String id, String day, String checkInCode) {}

  private final Map<String, Ticket> tickets = new HashMap<>();
  private final Map<Source, Set<String>> walkIns = new HashMap<>();
  private final Map<Source, Map<String, Set<String>>> bookings = new HashMap<>();
  private final Map<String, String> issuedByRef = new HashMap<>();
  private final Map<String, Booking> bookedByRef = new HashMap<>();
  private final Map<String, Integer> calls = new HashMap<>();
  private final Map<String, Integer> transfers = new HashMap<>();
  private final List<String[]> retries = new ArrayList<>();
  /** Retries of a walk-in answered 4xx: ref → status and title. */
  private final Map<String, String> refusedRetries = new HashMap<>();
  private final List<String> violations = new ArrayList<>();

  /** A 2xx walk-in or check-in answer. */
  synchronized void ticket(String ref, JsonObject t, boolean walkIn) {
    tickets.putIfAbsent(t.getString("id"),
        new Ticket(t.getString("id"), t.getString("pointId"), t.getString("day"), t.getString("number")));
    if (ref != null) issuedByRef.put(ref, t.getString("id"));
    if (walkIn) {
      walkIns.computeIfAbsent(new Source(t.getString("pointId"), t.getString("service"), t.getString("day")),
          k -> new HashSet<>()).add(t.getString("id"));
    }
  }

  /** A 2xx booking answer. */
  synchronized void booked(String ref, JsonObject a) {
    bookedByRef.put(ref, new Booking(a.getString("id"), a.getString("day"), a.getString("checkInCode")));
    bookings.computeIfAbsent(new Source(a.getString("pointId"), a.getString("service"), a.getString("day")),
        k -> new HashMap<>()).computeIfAbsent(a.getString("slot"), k -> new HashSet<>()).add(a.getString("id"));
  }

  synchronized Booking booking(String ref) {
    return bookedByRef.get(ref);
  }

  /** A retry of `original` ("issue" or "book") to compare once both are answered; status of the retry. */
  synchronized void retry(String kind, String ref, String original) {
    retries.add(new String[] {kind, ref, original});
  }

  /** A walk-in retry (same Idempotency-Key) was refused: a violation if its original was acknowledged. */
  synchronized void retryRefused(String ref, String answer) {
    refusedRetries.put(ref, answer);
  }

  synchronized void called(String ticketId) {
    calls.merge(ticketId, 1, Integer::sum);
  }

  /** A transferred ticket waits again in another queue, so it may be called once more. */
  synchronized void transferred(String ticketId) {
    transfers.merge(ticketId, 1, Integer::sum);
  }

  /** A violation seen elsewhere (server views, Postgres). */
  synchronized void violation(String what) {
    violations.add(what);
  }

  synchronized Map<Source, Set<String>> walkIns() {
    return Map.copyOf(walkIns);
  }

  synchronized Map<Source, Map<String, Set<String>>> bookings() {
    return Map.copyOf(bookings);
  }

  synchronized Set<String> ticketIds() {
    return Set.copyOf(tickets.keySet());
  }

  synchronized Set<String> appointmentIds() {
    Set<String> ids = new HashSet<>();
    bookedByRef.values().forEach(a -> ids.add(a.id()));
    return ids;
  }

  /** Every day the acknowledged tickets and bookings belong to. */
  synchronized Set<java.time.LocalDate> days() {
    Set<java.time.LocalDate> days = new HashSet<>();
    tickets.values().forEach(t -> days.add(java.time.LocalDate.parse(t.day())));
    bookedByRef.values().forEach(a -> days.add(java.time.LocalDate.parse(a.day())));
    return days;
  }

  /** Checks what the answers alone can show; returns every violation found so far. */
  synchronized List<String> violations() {
    List<String> found = new ArrayList<>(violations);
    Map<String, String> numbers = new HashMap<>();
    for (Ticket t : tickets.values()) {
      String key = t.point() + " " + t.day() + " " + t.number();
      String other = numbers.putIfAbsent(key, t.id());
      if (other != null) found.add("ticket number twice: " + key + " on tickets " + other + " and " + t.id());
    }
    for (String[] r : retries) {
      boolean issue = "issue".equals(r[0]);
      String first = issue ? issuedByRef.get(r[2]) : idOf(bookedByRef.get(r[2]));
      String again = issue ? issuedByRef.get(r[1]) : idOf(bookedByRef.get(r[1]));
      String refused = issue ? refusedRetries.get(r[1]) : null;
      if (first != null && refused != null) {
        found.add("idempotent retry refused: issue " + r[1] + " (retry of " + r[2] + ") was answered " + refused
            + ", the original got " + first);
      }
      if (first != null && again != null && !first.equals(again)) {
        found.add("idempotent retry answered with another object: " + r[0] + " " + r[1] + " (retry of " + r[2]
            + ") got " + again + ", the original got " + first);
      }
    }
    calls.forEach((id, n) -> {
      if (n > 1 + transfers.getOrDefault(id, 0)) found.add("ticket called twice: " + id + " called " + n + " times");
    });
    return found;
  }

  private static String idOf(Booking b) {
    return b == null ? null : b.id();
  }
}
