package io.github.tweetsentiment.localrun.view;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A small recording for the page's tests: the first 16 lines of samples/tweets/small.jsonl (12
 * tweets in three searches, 2 duplicates, 2 malformed lines) plus 4 tweets and a malformed line
 * whose text, search query or payload is HTML that would run script if a page put it in as markup
 * (each sets {@code window.__pwned} if it ever runs): 16 tweets scored and 3 dead letters, all of
 * them among the latest the page lists.
 */
public final class HostileRecording {

  public static final String SCRIPT_TEXT =
      "<script>window.__pwned = 'script'</script> the Nimbus X2 launch was fine I guess";
  public static final String IMG_TEXT =
      "<img src=x onerror=\"window.__pwned='img'\"> Aerolux lost my bag again, thanks";
  public static final String HOSTILE_QUERY =
      "<b onmouseover=\"window.__pwned='query'\">Zephyr</b> & \"bikes\"";
  public static final String MALFORMED_LINE =
      "{\"data\":{\"id\":\"<img src=x onerror=\\\"window.__pwned='dead'\\\">\",\"text\":";

  /** Tweets scored and dead letters of a run of the recording. */
  public static final int TWEETS = 16;

  public static final int DEAD_LETTERS = 3;

  /** The search queries of the recording, as its tweets carry them. */
  public static final List<String> QUERIES =
      List.of("Aerolux airline", "Nimbus X2 phone", "Rivertown FC", HOSTILE_QUERY);

  private HostileRecording() {}

  /** Writes the recording to {@code dir}/hostile.jsonl and returns its path. */
  public static Path write(Path samplesDir, Path dir) throws IOException {
    List<String> lines =
        new ArrayList<>(
            Files.readAllLines(samplesDir.resolve("small.jsonl"), StandardCharsets.UTF_8)
                .subList(0, 16));
    lines.add(
        envelope(
            "2125290000000000001", SCRIPT_TEXT, "2026-11-24T18:06:10.000Z", "Nimbus X2 phone"));
    lines.add(
        envelope("2125290000000000002", IMG_TEXT, "2026-11-24T18:07:20.000Z", "Aerolux airline"));
    lines.add(
        envelope(
            "2125290000000000003",
            "Zephyr e-bikes are brilliant, best commute I have had",
            "2026-11-24T18:08:00.000Z",
            HOSTILE_QUERY));
    lines.add(
        envelope(
            "2125290000000000004",
            "my Zephyr bike broke after a week, awful",
            "2026-11-24T18:09:30.000Z",
            HOSTILE_QUERY));
    lines.add(MALFORMED_LINE);
    Path file = dir.resolve("hostile.jsonl");
    Files.write(file, lines, StandardCharsets.UTF_8);
    return file;
  }

  private static String envelope(String id, String text, String createdAt, String query) {
    ObjectNode root = ViewJson.MAPPER.createObjectNode();
    ObjectNode data = root.putObject("data");
    data.put("id", id).put("text", text).put("created_at", createdAt).put("lang", "en");
    data.put("author_id", "42");
    root.putObject("includes")
        .putArray("users")
        .addObject()
        .put("id", "42")
        .put("username", "mallory");
    root.putArray("matching_rules").addObject().put("id", "1").put("tag", query);
    return ViewJson.write(root);
  }

  /** The samples/tweets folder of the checkout (set by the build as samples.dir). */
  public static Path samplesDir() {
    return Path.of(System.getProperty("samples.dir", "../samples/tweets"));
  }
}
