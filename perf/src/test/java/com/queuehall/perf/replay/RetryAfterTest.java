package com.queuehall.perf.replay;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class RetryAfterTest {

  @Test
  @DisplayName("a 503's Retry-After is read in seconds, 1 s when absent or unreadable, kept within 0.1-10 s")
  void retryAfter() {
    assertThat(Player.retryAfterMillis("1")).isEqualTo(1000);
    assertThat(Player.retryAfterMillis(" 3 ")).isEqualTo(3000);
    assertThat(Player.retryAfterMillis(null)).isEqualTo(1000);
    assertThat(Player.retryAfterMillis("Wed, 21 Oct 2026 07:28:00 GMT")).isEqualTo(1000);
    assertThat(Player.retryAfterMillis("0")).isEqualTo(100);
    assertThat(Player.retryAfterMillis("3600")).isEqualTo(10_000);
  }
}
