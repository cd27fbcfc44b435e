package com.queuehall.config;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The options of one command of the jar (token, gen-trace, replay, bench): {@code --name value}
 * pairs and {@code --switch}es, checked against the names the command knows, so that a mistyped
 * option is refused instead of silently left at its default. {@code --help} or {@code -h} anywhere
 * asks for the usage. Every mistake is an IllegalArgumentException whose message names the option
 * and what it needs; the command prints it with its usage and exits 2.
 */
public final class CommandLine {

  private final Map<String, String> values;
  private final Set<String> switchesOn;
  private final List<String> positional;
  private final boolean help;

  private CommandLine(Map<String, String> values, Set<String> switchesOn, List<String> positional, boolean help) {
    this.values = values;
    this.switchesOn = switchesOn;
    this.positional = positional;
    this.help = help;
  }

  /**
   * Reads args. valued: the names that take a value; switches: the names that take none (a
   * switch may be followed by true or false, as in {@code --quiet false}); maxPositional: how many
   * arguments that are not options the command accepts.
   */
  public static CommandLine parse(String[] args, Set<String> valued, Set<String> switches, int maxPositional) {
    Map<String, String> values = new HashMap<>();
    Set<String> on = new HashSet<>();
    List<String> positional = new ArrayList<>();
    for (String a : args) {
      if (a.equals("--help") || a.equals("-h")) return new CommandLine(Map.of(), Set.of(), List.of(), true);
    }
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      if (!a.startsWith("--")) {
        if (positional.size() >= maxPositional) {
          throw new IllegalArgumentException("unexpected argument '" + a + "': options are --name value");
        }
        positional.add(a);
        continue;
      }
      String name = a.substring(2);
      if (switches.contains(name)) {
        boolean value = true;
        if (i + 1 < args.length && (args[i + 1].equals("true") || args[i + 1].equals("false"))) {
          value = Boolean.parseBoolean(args[++i]);
        }
        if (value) on.add(name);
        else on.remove(name);
      } else if (valued.contains(name)) {
        if (i + 1 >= args.length || args[i + 1].startsWith("--")) {
          throw new IllegalArgumentException(a + " needs a value");
        }
        values.put(name, args[++i]);
      } else {
        throw unknown(a, valued, switches);
      }
    }
    return new CommandLine(values, on, positional, false);
  }

  private static IllegalArgumentException unknown(String option, Set<String> valued, Set<String> switches) {
    Set<String> known = new TreeSet<>(valued);
    known.addAll(switches);
    return new IllegalArgumentException(
        "unknown option " + option + "; the options are --" + String.join(", --", known));
  }

  /** Whether --help or -h was given: print the usage and exit 0. */
  public boolean help() {
    return help;
  }

  public boolean has(String name) {
    return values.containsKey(name);
  }

  public String string(String name, String fallback) {
    return values.getOrDefault(name, fallback);
  }

  public String required(String name) {
    String v = values.get(name);
    if (v == null || v.isBlank()) throw new IllegalArgumentException("--" + name + " is required");
    return v;
  }

  public boolean on(String name) {
    return switchesOn.contains(name);
  }

  public List<String> positional() {
    return positional;
  }

  /** A whole number of at least min, or fallback when the option is absent. */
  public int integer(String name, int fallback, int min) {
    long v = whole(name, fallback, min);
    if (v > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("--" + name + " must be at most " + Integer.MAX_VALUE);
    }
    return (int) v;
  }

  /** A whole number of at least min, or fallback when the option is absent. */
  public long whole(String name, long fallback, long min) {
    String text = values.get(name);
    if (text == null) return fallback;
    long v;
    try {
      v = Long.parseLong(text.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("--" + name + " must be a whole number, got '" + text + "'");
    }
    if (v < min) throw new IllegalArgumentException("--" + name + " must be at least " + min + ", got " + v);
    return v;
  }

  /** A number above zero, or fallback when the option is absent. */
  public double positive(String name, double fallback) {
    String text = values.get(name);
    if (text == null) return fallback;
    double v = number(name, text, "a number above 0");
    if (!(v > 0) || Double.isInfinite(v)) {
      throw new IllegalArgumentException("--" + name + " must be above 0, got " + text);
    }
    return v;
  }

  /** A fraction from 0 to 1, or fallback when the option is absent. */
  public double fraction(String name, double fallback) {
    String text = values.get(name);
    if (text == null) return fallback;
    double v = number(name, text, "a number from 0 to 1");
    if (!(v >= 0 && v <= 1)) throw new IllegalArgumentException("--" + name + " must be from 0 to 1, got " + text);
    return v;
  }

  private static double number(String name, String text, String expected) {
    try {
      return Double.parseDouble(text.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("--" + name + " must be " + expected + ", got '" + text + "'");
    }
  }

  /** A date as YYYY-MM-DD, or fallback when the option is absent. */
  public LocalDate date(String name, LocalDate fallback) {
    String text = values.get(name);
    if (text == null) return fallback;
    try {
      return LocalDate.parse(text.trim());
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("--" + name + " must be a date as YYYY-MM-DD, got '" + text + "'");
    }
  }
}
