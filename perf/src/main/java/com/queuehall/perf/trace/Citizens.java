package com.queuehall.perf.trace;

import com.queuehall.appointments.ResidentId;
import java.time.LocalDate;

/** Distinct, valid resident ids and phone numbers, one per citizen number. */
final class Citizens {

  private static final String[] REGIONS = {"440103", "440104", "440105", "440106", "440111", "440112"};
  private static final LocalDate FIRST_BIRTH = LocalDate.of(1960, 1, 1);
  private static final int DAYS = 16_000;

  private int next;

  int next() {
    return next++;
  }

  static String id(int n) {
    LocalDate birth = FIRST_BIRTH.plusDays(n % DAYS);
    int sequence = (n / DAYS) % 1000;
    String region = REGIONS[(n / DAYS / 1000) % REGIONS.length];
    StringBuilder b = new StringBuilder(18).append(region).append(birth.getYear());
    two(b, birth.getMonthValue());
    two(b, birth.getDayOfMonth());
    b.append((char) ('0' + sequence / 100));
    two(b, sequence % 100);
    return ResidentId.withCheckDigit(b.toString());
  }

  static String phone(int n) {
    String digits = Integer.toString(100_000_000 + n % 100_000_000);
    return "138" + digits.substring(1);
  }

  private static void two(StringBuilder b, int v) {
    b.append((char) ('0' + v / 10)).append((char) ('0' + v % 10));
  }
}
