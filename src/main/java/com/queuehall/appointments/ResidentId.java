package com.queuehall.appointments;

import java.time.DateTimeException;
import java.time.LocalDate;

/**
 * Mainland resident identity number (GB 11643-1999): 17 digits (region, birth date, sequence)
 * and a check character computed with ISO 7064 MOD 11-2.
 */
public final class ResidentId {

  private static final int[] WEIGHTS = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
  private static final char[] CHECK = "10X98765432".toCharArray();

  private ResidentId() {}

  /** Why the id is not valid, or null when it is. Lower-case x is accepted and normalised. */
  public static String problem(String id) {
    if (id == null) return "citizenId is required";
    if (id.length() != 18) return "citizenId must have 18 characters, got " + id.length();
    for (int i = 0; i < 17; i++) {
      if (!Character.isDigit(id.charAt(i)) || id.charAt(i) > '9') return "citizenId must start with 17 digits";
    }
    char last = Character.toUpperCase(id.charAt(17));
    if (!(last >= '0' && last <= '9') && last != 'X') return "citizenId must end with a digit or X";
    try {
      LocalDate birth = LocalDate.of(Integer.parseInt(id.substring(6, 10)), Integer.parseInt(id.substring(10, 12)),
          Integer.parseInt(id.substring(12, 14)));
      if (birth.getYear() < 1900 || birth.isAfter(LocalDate.now())) {
        return "citizenId holds an impossible birth date " + id.substring(6, 14);
      }
    } catch (DateTimeException e) {
      return "citizenId holds an impossible birth date " + id.substring(6, 14);
    }
    char expected = checkCharacter(id);
    if (last != expected) return "citizenId check digit is wrong: expected " + expected + ", got " + last;
    return null;
  }

  public static String normalise(String id) {
    return id.toUpperCase(java.util.Locale.ROOT);
  }

  static char checkCharacter(String first17) {
    int sum = 0;
    for (int i = 0; i < 17; i++) sum += (first17.charAt(i) - '0') * WEIGHTS[i];
    return CHECK[sum % 11];
  }

  /** Completes 17 digits with their check character; tests and load tools use it to make valid ids. */
  public static String withCheckDigit(String first17) {
    return first17 + checkCharacter(first17);
  }

  /** Shown in answers: enough to recognise, too little to misuse. */
  public static String masked(String id) {
    return id.substring(0, 4) + "**********" + id.substring(14);
  }
}
