package com.queuehall.appointments;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/** Resident identity numbers (GB 11643-1999): what is accepted, why the rest is refused, and what is shown. */
class ResidentIdTest {

  /** The standard's own example: its check character is X. */
  private static final String WITH_X = "11010519491231002X";
  private static final String WITH_DIGIT = "440301199003070019";

  @Test
  @DisplayName("the standard's example 11010519491231002X is valid, and its check character is X")
  void checkCharacterX() {
    assertThat(ResidentId.withCheckDigit("11010519491231002")).isEqualTo(WITH_X);
    assertThat(ResidentId.problem(WITH_X)).isNull();
  }

  @Test
  @DisplayName("an id whose check character is a digit is valid")
  void checkDigit() {
    assertThat(ResidentId.withCheckDigit("44030119900307001")).isEqualTo(WITH_DIGIT);
    assertThat(ResidentId.problem(WITH_DIGIT)).isNull();
  }

  @Test
  @DisplayName("a lower-case x is accepted and normalised to X")
  void lowerCaseX() {
    assertThat(ResidentId.problem("11010519491231002x")).isNull();
    assertThat(ResidentId.normalise("11010519491231002x")).isEqualTo(WITH_X);
  }

  @Test
  @DisplayName("the check character is ISO 7064 MOD 11-2 over the 17 digits with weights 2^(n-1) mod 11")
  void mod11() {
    String first17 = "44030119900307001";
    int sum = 0;
    for (int i = 0; i < 17; i++) sum += (first17.charAt(i) - '0') * (1 << (17 - i)) % 11;
    assertThat(ResidentId.checkCharacter(first17)).isEqualTo("10X98765432".charAt(sum % 11));
  }

  @Test
  @DisplayName("every check character but the right one is refused, saying which was expected")
  void wrongCheckCharacter() {
    for (char c : "0123456789X".toCharArray()) {
      if (c == 'X') continue;
      assertThat(ResidentId.problem(WITH_X.substring(0, 17) + c))
          .isEqualTo("citizenId check digit is wrong: expected X, got " + c);
    }
    assertThat(ResidentId.problem(WITH_DIGIT.substring(0, 17) + "X"))
        .isEqualTo("citizenId check digit is wrong: expected 9, got X");
  }

  @Test
  @DisplayName("a missing id is refused as required")
  void missing() {
    assertThat(ResidentId.problem(null)).isEqualTo("citizenId is required");
  }

  @Test
  @DisplayName("an id of the wrong length is refused, saying the length")
  void wrongLength() {
    assertThat(ResidentId.problem("")).isEqualTo("citizenId must have 18 characters, got 0");
    assertThat(ResidentId.problem(WITH_X.substring(0, 17))).isEqualTo("citizenId must have 18 characters, got 17");
    assertThat(ResidentId.problem(WITH_X + "1")).isEqualTo("citizenId must have 18 characters, got 19");
    assertThat(ResidentId.problem("110105491231002")).isEqualTo("citizenId must have 18 characters, got 15");
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"A10105194912310021", "1101051949123100X2", "11010519491231 002",
      "\uFF11\uFF11\uFF10\uFF11\uFF10\uFF15194912310021", "\u0661\u0661010519491231002X"})
  @DisplayName("anything but ASCII digits in the first 17 places is refused, full-width and Arabic-Indic digits too")
  void notDigits(String id) {
    assertThat(ResidentId.problem(id)).isEqualTo("citizenId must start with 17 digits");
  }

  @Test
  @DisplayName("a last character that is neither a digit nor X is refused")
  void badLastCharacter() {
    assertThat(ResidentId.problem("11010519491231002Y")).isEqualTo("citizenId must end with a digit or X");
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"19490231", "19491301", "19490229", "19490000", "19491232", "29991231", "18991231"})
  @DisplayName("a birth date that does not exist is refused, naming it, even with a right check character")
  void impossibleBirthDate(String birth) {
    String id = ResidentId.withCheckDigit("110105" + birth + "002");
    assertThat(ResidentId.problem(id)).isEqualTo("citizenId holds an impossible birth date " + birth);
  }

  @Test
  @DisplayName("29 February of a leap year is a real birth date")
  void leapDay() {
    assertThat(ResidentId.problem(ResidentId.withCheckDigit("11010520000229002"))).isNull();
  }

  @Test
  @DisplayName("a masked id keeps the first four and last four characters and hides the birth date")
  void masked() {
    assertThat(ResidentId.masked(WITH_X)).isEqualTo("1101**********002X").hasSize(18).doesNotContain("19491231");
    assertThat(ResidentId.masked(WITH_DIGIT)).isEqualTo("4403**********0019");
  }
}
