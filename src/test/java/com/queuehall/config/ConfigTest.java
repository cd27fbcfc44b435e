package com.queuehall.config;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConfigTest {

  @Test
  @DisplayName("with nothing set, the defaults are sensible: port 8080, one instance per core, embedded stores")
  void defaults() {
    Config c = Config.load(Map.of());
    assertThat(c.httpPort()).isEqualTo(8080);
    assertThat(c.instances()).isEqualTo(Runtime.getRuntime().availableProcessors());
    assertThat(c.pgUrl()).isNull();
    assertThat(c.redisUrl()).isNull();
    assertThat(c.bodyLimitBytes()).isEqualTo(16 * 1024);
    assertThat(c.httpIdleTimeoutSeconds()).isEqualTo(120);
  }

  @Test
  @DisplayName("a JSON file sets values and environment variables win over it")
  void fileThenEnvironment(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("queuehall.json");
    Files.writeString(file, "{\"httpPort\": 9000, \"pgUrl\": \"postgresql://a@b/c\", \"instances\": 3}");
    Config c = Config.load(Map.of("QH_CONFIG", file.toString(), "QH_HTTP_PORT", "9100",
        "QH_REDIS_URL", "redis://r:6379", "QH_JWT_KEY", "x".repeat(40)));
    assertThat(c.httpPort()).isEqualTo(9100);
    assertThat(c.pgUrl()).isEqualTo("postgresql://a@b/c");
    assertThat(c.redisUrl()).isEqualTo("redis://r:6379");
    assertThat(c.instances()).isEqualTo(3);
    assertThat(c.jwtKey()).hasSize(40);
  }

  @Test
  @DisplayName("a bad value is refused at start with the name of what to fix")
  void badValues() {
    assertThatThrownBy(() -> Config.load(Map.of("QH_HTTP_PORT", "eighty"))).hasMessageContaining("QH_HTTP_PORT");
    assertThatThrownBy(() -> Config.load(Map.of("QH_JWT_KEY", "short"))).hasMessageContaining("QH_JWT_KEY");
    assertThatThrownBy(() -> Config.load(Map.of("QH_INSTANCES", "0"))).hasMessageContaining("instances");
    assertThatThrownBy(() -> Config.load(Map.of("QH_CONFIG", "/nonexistent/q.json")))
        .hasMessageContaining("/nonexistent/q.json");
    assertThatThrownBy(() -> Config.load(Map.of("QH_HTTP_IDLE_TIMEOUT_SECONDS", "-1")))
        .hasMessageContaining("QH_HTTP_IDLE_TIMEOUT_SECONDS");
    // Not above the heartbeat interval (30 s): a quiet live feed would be cut between two pings.
    assertThatThrownBy(() -> Config.load(Map.of("QH_HTTP_IDLE_TIMEOUT_SECONDS", "30")))
        .hasMessageContaining("more than liveHeartbeatSeconds (30)");
    assertThat(Config.load(Map.of("QH_HTTP_IDLE_TIMEOUT_SECONDS", "0")).httpIdleTimeoutSeconds()).isZero();
  }
}
