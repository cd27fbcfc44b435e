package com.queuehall.config;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The options of the jar's commands: what a load tester or an operator types is read, or refused by name. */
class CommandLineTest {

  private static final Set<String> VALUED = Set.of("speed", "connections", "date", "trace", "rate");
  private static final Set<String> SWITCHES = Set.of("quiet");

  private static CommandLine parse(String... args) {
    return CommandLine.parse(args, VALUED, SWITCHES, 0);
  }

  @Test
  @DisplayName("values, switches and defaults are read as typed")
  void readsValues() {
    CommandLine c = parse("--speed", "250", "--connections", "700", "--quiet", "--date", "2026-07-15");
    assertThat(c.help()).isFalse();
    assertThat(c.positive("speed", 1)).isEqualTo(250.0);
    assertThat(c.integer("connections", 64, 1)).isEqualTo(700);
    assertThat(c.on("quiet")).isTrue();
    assertThat(c.date("date", null)).isEqualTo(LocalDate.of(2026, 7, 15));
    assertThat(c.has("trace")).isFalse();
    assertThat(c.string("trace", "fallback")).isEqualTo("fallback");
    assertThat(c.fraction("rate", 0.01)).isEqualTo(0.01);
  }

  @Test
  @DisplayName("a switch may say true or false, and the last word wins")
  void switchValues() {
    assertThat(parse("--quiet", "true").on("quiet")).isTrue();
    assertThat(parse("--quiet", "false").on("quiet")).isFalse();
    assertThat(parse("--quiet", "--quiet", "false").on("quiet")).isFalse();
    assertThat(parse("--speed", "5").on("quiet")).isFalse();
  }

  @Test
  @DisplayName("--help or -h anywhere asks for the usage, even next to a mistake")
  void help() {
    assertThat(parse("--help").help()).isTrue();
    assertThat(parse("--speed", "x", "-h").help()).isTrue();
    assertThat(parse("--wat", "1", "--help").help()).isTrue();
  }

  @Test
  @DisplayName("an unknown option is refused and the known ones are listed, so a typo never runs with a default")
  void unknownOption() {
    assertThatThrownBy(() -> parse("--conections", "700"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("unknown option --conections; the options are --connections, --date, --quiet, --rate, --speed,"
            + " --trace");
  }

  @Test
  @DisplayName("an option without its value is refused, also when the next word is another option")
  void missingValue() {
    assertThatThrownBy(() -> parse("--speed")).hasMessage("--speed needs a value");
    assertThatThrownBy(() -> parse("--trace", "--speed", "5")).hasMessage("--trace needs a value");
  }

  @Test
  @DisplayName("a value of the wrong kind names the option and what it needs")
  void wrongKinds() {
    assertThatThrownBy(() -> parse("--connections", "many").integer("connections", 64, 1))
        .hasMessage("--connections must be a whole number, got 'many'");
    assertThatThrownBy(() -> parse("--connections", "0").integer("connections", 64, 1))
        .hasMessage("--connections must be at least 1, got 0");
    assertThatThrownBy(() -> parse("--connections", "9999999999").integer("connections", 64, 1))
        .hasMessageContaining("must be at most 2147483647");
    assertThatThrownBy(() -> parse("--speed", "fast").positive("speed", 1))
        .hasMessage("--speed must be a number above 0, got 'fast'");
    assertThatThrownBy(() -> parse("--speed", "-5").positive("speed", 1)).hasMessage("--speed must be above 0, got -5");
    assertThatThrownBy(() -> parse("--speed", "NaN").positive("speed", 1)).hasMessageContaining("must be above 0");
    assertThatThrownBy(() -> parse("--rate", "2").fraction("rate", 0.01))
        .hasMessage("--rate must be from 0 to 1, got 2");
    assertThatThrownBy(() -> parse("--date", "2026-02-30").date("date", null))
        .hasMessage("--date must be a date as YYYY-MM-DD, got '2026-02-30'");
    assertThatThrownBy(() -> parse("--speed", "5").required("trace")).hasMessage("--trace is required");
  }

  @Test
  @DisplayName("words that are not options are taken only as many as the command accepts")
  void positional() {
    assertThat(CommandLine.parse(new String[] {"Calling", "--quiet"}, VALUED, SWITCHES, 1).positional())
        .containsExactly("Calling");
    assertThatThrownBy(() -> CommandLine.parse(new String[] {"a", "b"}, VALUED, SWITCHES, 1))
        .hasMessage("unexpected argument 'b': options are --name value");
    assertThatThrownBy(() -> parse("250")).hasMessageContaining("unexpected argument '250'");
  }
}
