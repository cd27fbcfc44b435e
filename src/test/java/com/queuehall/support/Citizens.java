package com.queuehall.support;

import com.queuehall.appointments.ResidentId;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;

/** Valid, distinct resident ids for tests: Guangzhou region code, one birth date per citizen. */
public final class Citizens {

  private static final DateTimeFormatter YYYYMMDD = DateTimeFormatter.BASIC_ISO_DATE;

  private Citizens() {}

  public static String id(int n) {
    String birth = LocalDate.of(1950, 1, 1).plusDays(n % 20_000).format(YYYYMMDD);
    return ResidentId.withCheckDigit("440106" + birth + String.format("%03d", n / 20_000 + 1));
  }

  public static String phone(int n) {
    return "138" + String.format("%08d", n);
  }
}
