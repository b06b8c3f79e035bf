package io.github.tweetsentiment.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The pipeline's packages depend on each other one way only, and on no module above them: read from
 * the imports of the main sources, so a new cycle fails here rather than in a review.
 */
class PackageDependenciesTest {

  private static final Path SOURCES = Path.of("src/main/java/io/github/tweetsentiment/pipeline");
  private static final Pattern IMPORT =
      Pattern.compile("^import (?:static )?io\\.github\\.tweetsentiment\\.(\\w+)(?:\\.(\\w+))?");

  /** Package (relative to the pipeline's, "" for the root) to the packages it imports. */
  private static Map<String, Set<String>> imports() throws IOException {
    Map<String, Set<String>> deps = new TreeMap<>();
    try (Stream<Path> files = Files.walk(SOURCES)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
        String pkg = SOURCES.relativize(f.getParent()).toString().replace('/', '.');
        Set<String> used = deps.computeIfAbsent(pkg, k -> new TreeSet<>());
        for (String line : Files.readAllLines(f)) {
          Matcher m = IMPORT.matcher(line);
          if (!m.find()) {
            continue;
          }
          if (!m.group(1).equals("pipeline")) {
            used.add("module:" + m.group(1));
          } else if (m.group(2) != null && Character.isLowerCase(m.group(2).charAt(0))) {
            if (!m.group(2).equals(pkg)) {
              used.add(m.group(2));
            }
          } else if (!pkg.isEmpty()) {
            used.add("");
          }
        }
      }
    }
    return deps;
  }

  @Test
  void packagesFormNoCycle() throws IOException {
    Map<String, Set<String>> deps = imports();
    assertThat(deps).containsKeys("", "read", "parse", "dedup", "scoring", "aggregate", "sink");
    List<String> cycles = new ArrayList<>();
    for (String start : deps.keySet()) {
      Deque<String> todo = new ArrayDeque<>(deps.get(start));
      Set<String> seen = new HashSet<>();
      while (!todo.isEmpty()) {
        String next = todo.pop();
        if (next.equals(start)) {
          cycles.add("'" + start + "' reaches itself");
          break;
        }
        if (seen.add(next)) {
          todo.addAll(deps.getOrDefault(next, Set.of()));
        }
      }
    }
    assertThat(cycles).as("package dependencies: %s", deps).isEmpty();
  }

  @Test
  void thePipelineUsesOnlyTheModulesBelowIt() throws IOException {
    Set<String> modules = new TreeSet<>();
    imports()
        .values()
        .forEach(used -> used.stream().filter(u -> u.startsWith("module:")).forEach(modules::add));
    // Not the sentiment service, not the local launcher: they sit above the pipeline.
    assertThat(modules).isSubsetOf("module:core", "module:inference");
  }
}
