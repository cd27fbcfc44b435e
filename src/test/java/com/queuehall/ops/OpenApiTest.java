package com.queuehall.ops;

import com.queuehall.support.TestHall;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The OpenAPI document tells the truth: every route the router serves is in it, and nothing else. */
class OpenApiTest {

  private static final Path DOCUMENT = Path.of("src/main/resources/openapi.yaml");
  private static final Set<String> OPERATIONS =
      Set.of("get", "put", "post", "delete", "options", "head", "patch", "trace");

  private static TestHall hall;

  @BeforeAll
  static void start() {
    hall = TestHall.start();
  }

  @AfterAll
  static void stop() {
    hall.close();
  }

  @Test
  @DisplayName("the document declares OpenAPI 3.0.3")
  void version() throws IOException {
    assertThat(Files.readAllLines(DOCUMENT).stream().filter(l -> !l.isBlank() && !l.startsWith("#")).findFirst())
        .hasValue("openapi: 3.0.3");
  }

  @Test
  @DisplayName("every route the server serves is a path of the document, with its method")
  void everyRouteIsDocumented() throws IOException {
    Map<String, Set<String>> paths = PathsSection.parse(Files.readString(DOCUMENT));
    List<String> missing = new ArrayList<>();
    for (String route : hall.server().routes()) {
      String[] methodAndPath = route.split(" ", 2);
      Set<String> methods = paths.getOrDefault(methodAndPath[1], Set.of());
      if (!methods.contains(methodAndPath[0].toLowerCase(Locale.ROOT))) missing.add(route);
    }
    assertThat(hall.server().routes()).isNotEmpty();
    assertThat(missing).as("routes missing from openapi.yaml").isEmpty();
  }

  @Test
  @DisplayName("every operation of the document is a route the server serves")
  void nothingButRoutesIsDocumented() throws IOException {
    Set<String> served = new TreeSet<>(hall.server().routes());
    List<String> extra = new ArrayList<>();
    PathsSection.parse(Files.readString(DOCUMENT)).forEach((path, keys) -> keys.stream().filter(OPERATIONS::contains)
        .map(m -> m.toUpperCase(Locale.ROOT) + " " + path).filter(op -> !served.contains(op)).forEach(extra::add));
    assertThat(extra).as("operations in openapi.yaml that no route serves").isEmpty();
  }

  @Test
  @DisplayName("GET /openapi.yaml serves that same document")
  void served() throws IOException {
    HttpResponse<Buffer> r = hall.call(HttpMethod.GET, "/openapi.yaml", null, Map.of(), null);
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.getHeader("Content-Type")).isEqualTo("application/yaml");
    assertThat(r.bodyAsString()).isEqualTo(Files.readString(DOCUMENT));
  }

  @Test
  @DisplayName("the paths reader finds each path and the keys right under it, and nothing deeper or outside")
  void readerOnASample() {
    String yaml = """
        openapi: 3.0.3
        # a comment
        info:
          title: sample
        paths:
          # comment inside paths
          /api/v1/points:
            get:
              summary: list
              responses:
                '200':
                  description: |
                    get: not a key, a block of text
          '/api/v1/points/{pointId}/tickets':
            summary: Walk-in tickets
            parameters:
              - $ref: '#/components/parameters/pointId'
            post: # issue
              responses: {}

            delete:
              responses: {}
        components:
          schemas:
            get: {}
        """;
    assertThat(PathsSection.parse(yaml)).isEqualTo(Map.of(
        "/api/v1/points", Set.of("get"),
        "/api/v1/points/{pointId}/tickets", Set.of("summary", "parameters", "post", "delete")));
  }

  @Test
  @DisplayName("the paths reader refuses what it cannot read rather than guess")
  void readerRefuses() {
    assertThatThrownBy(() -> PathsSection.parse("openapi: 3.0.3\n")).hasMessageContaining("no 'paths:'");
    assertThatThrownBy(() -> PathsSection.parse("paths:\n  /a: {get: {}}\n")).hasMessageContaining("/a: {get: {}}");
    assertThatThrownBy(() -> PathsSection.parse("paths:\n  /a:\n    {get: x}\n")).hasMessageContaining("{get: x}");
  }

  /**
   * Reads the paths section of a block-style YAML document by indentation: the keys one level
   * under "paths:" are paths, and the keys one level under each path are its methods (and
   * "parameters", "summary" and the like). Deeper lines, comments and blank lines are skipped.
   */
  static final class PathsSection {

    private static final Pattern NAME = Pattern.compile("([A-Za-z][A-Za-z0-9_-]*):(?:\\s.*)?");

    static Map<String, Set<String>> parse(String yaml) {
      List<String> lines = yaml.lines().filter(l -> !l.isBlank() && !l.strip().startsWith("#")).toList();
      int start = lines.indexOf("paths:");
      if (start < 0) throw new IllegalArgumentException("no 'paths:' at the top level");
      Map<String, Set<String>> paths = new LinkedHashMap<>();
      int pathIndent = -1;
      int keyIndent = -1;
      String path = null;
      for (String line : lines.subList(start + 1, lines.size())) {
        int indent = indent(line);
        if (indent == 0) break;
        if (pathIndent < 0) pathIndent = indent;
        if (indent == pathIndent) {
          path = key(line);
          paths.put(path, new TreeSet<>());
          keyIndent = -1;
        } else if (indent > pathIndent && (keyIndent < 0 || indent == keyIndent)) {
          keyIndent = indent;
          if (!line.strip().startsWith("-")) paths.get(path).add(name(line));
        } else if (indent < pathIndent || indent < keyIndent) {
          throw new IllegalArgumentException("unexpected indentation: '" + line + "'");
        }
      }
      return paths;
    }

    /** The name of a "name:" or "name: value" line under a path, such as get, post or summary. */
    private static String name(String line) {
      Matcher m = NAME.matcher(line.strip());
      if (!m.matches()) throw new IllegalArgumentException("expected a 'name:' line, got '" + line.strip() + "'");
      return m.group(1);
    }

    /** The key of a "key:" line, unquoted; a line with a value after the colon is not a section. */
    private static String key(String line) {
      String s = line.strip();
      int hash = s.indexOf(" #");
      if (hash >= 0) s = s.substring(0, hash).strip();
      if (!s.endsWith(":")) throw new IllegalArgumentException("expected a 'key:' line, got '" + line.strip() + "'");
      s = s.substring(0, s.length() - 1).strip();
      if (s.length() >= 2 && (s.startsWith("'") && s.endsWith("'") || s.startsWith("\"") && s.endsWith("\""))) {
        s = s.substring(1, s.length() - 1);
      }
      return s;
    }

    private static int indent(String line) {
      int i = 0;
      while (i < line.length() && line.charAt(i) == ' ') i++;
      return i;
    }
  }
}
