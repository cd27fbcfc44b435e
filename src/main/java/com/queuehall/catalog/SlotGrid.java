package com.queuehall.catalog;

import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/** A day's appointment slots: fixed-length windows from start to end, each with a capacity. */
public record SlotGrid(LocalTime start, LocalTime end, int minutes, int capacity) {

  public static final DateTimeFormatter HH_MM = DateTimeFormatter.ofPattern("HH:mm");

  public SlotGrid {
    if (minutes < 5 || minutes > 240) throw new IllegalArgumentException("slot minutes must be 5..240");
    if (!end.isAfter(start)) throw new IllegalArgumentException("slot grid end must be after its start");
    if (capacity < 0) throw new IllegalArgumentException("slot capacity must not be negative");
  }

  /** Slot names, "HH:MM" of their start, in order. */
  public List<String> slots() {
    List<String> out = new ArrayList<>();
    for (int m = startMinute(); m + minutes <= endMinute(); m += minutes) {
      out.add(LocalTime.of(m / 60, m % 60).format(HH_MM));
    }
    return out;
  }

  /** Whether "HH:MM" names a slot of this grid; no allocation, it sits on the booking path. */
  public boolean has(String slot) {
    if (slot == null || slot.length() != 5 || slot.charAt(2) != ':') return false;
    int h = twoDigits(slot, 0);
    int m = twoDigits(slot, 3);
    if (h < 0 || h > 23 || m < 0 || m > 59) return false;
    int at = h * 60 + m;
    return at >= startMinute() && at + minutes <= endMinute() && (at - startMinute()) % minutes == 0;
  }

  public LocalTime startOf(String slot) {
    return LocalTime.parse(slot, HH_MM);
  }

  private int startMinute() {
    return start.getHour() * 60 + start.getMinute();
  }

  private int endMinute() {
    return end.getHour() * 60 + end.getMinute();
  }

  private static int twoDigits(String s, int at) {
    char a = s.charAt(at);
    char b = s.charAt(at + 1);
    if (a < '0' || a > '9' || b < '0' || b > '9') return -1;
    return (a - '0') * 10 + (b - '0');
  }
}
