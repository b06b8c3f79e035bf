package io.github.tweetsentiment.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.beam.sdk.io.gcp.testing.FakeBigQueryServices;
import org.apache.beam.sdk.io.gcp.testing.FakeDatasetService;
import org.apache.beam.sdk.io.gcp.testing.FakeJobService;

/**
 * The real DataflowRunner, run offline as the Flex Template launcher runs it: {@code main}'s path
 * with {@code --templateLocation} to a local file, a local staging folder, no credentials, no path
 * checks, and Beam's fake BigQuery. What it writes is the job Dataflow would be sent.
 */
final class OfflineDataflow {

  static final String PROJECT = "demo-project";
  static final String DATASET = "tweets";

  private static final ObjectMapper MAPPER = new ObjectMapper();

  /** The job as written, and what was staged with it. */
  record Job(
      int exitCode, String printed, String errors, Path file, JsonNode json, List<Path> staged) {

    /** The steps by their user name (the names {@code --update} matches), in job order. */
    Map<String, JsonNode> steps() {
      Map<String, JsonNode> steps = new LinkedHashMap<>();
      for (JsonNode step : json.path("steps")) {
        steps.put(step.path("properties").path("user_name").path("value").asText(), step);
      }
      return steps;
    }

    JsonNode step(String userName) {
      JsonNode step = steps().get(userName);
      if (step == null) {
        throw new AssertionError("no step " + userName + " in " + steps().keySet());
      }
      return step;
    }

    List<String> experiments() {
      List<String> experiments = new ArrayList<>();
      json.path("environment").path("experiments").forEach(e -> experiments.add(e.asText()));
      return experiments;
    }
  }

  private OfflineDataflow() {}

  /** The options every offline launch needs; {@code args} add to or override them. */
  static List<String> baseArgs(Path dir) {
    return List.of(
        "--runner=DataflowRunner",
        "--project=" + PROJECT,
        "--region=europe-west1",
        "--jobName=tweet-sentiment",
        "--templateLocation=" + dir.resolve("job.json"),
        "--stagingLocation=" + dir.resolve("staging"),
        // The default looks the project's bucket up, which hangs offline.
        "--gcpTempLocation=" + dir.resolve("temp"),
        "--tempLocation=" + dir.resolve("temp"),
        "--pathValidatorClass=org.apache.beam.sdk.extensions.gcp.storage.NoopPathValidator",
        "--credentialFactoryClass=org.apache.beam.sdk.extensions.gcp.auth.NoopCredentialFactory",
        // The pipeline's own classes, not the whole test classpath (hundreds of jars).
        "--filesToStage=" + Path.of("target/classes").toAbsolutePath(),
        "--outputDataset=" + DATASET,
        // Refused at once: the launch's one call to the service fails fast.
        "--sentimentEndpoint=http://127.0.0.1:9");
  }

  /** Launches with {@link #baseArgs} and {@code extra}, and reads what the runner wrote. */
  static Job launch(Path dir, String... extra) throws IOException {
    List<String> args = new ArrayList<>(baseArgs(dir));
    args.addAll(List.of(extra));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code =
        DataflowLaunch.launch(
            args.toArray(String[]::new),
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8),
            bigQuery());
    Path file = dir.resolve("job.json");
    JsonNode json = Files.exists(file) ? MAPPER.readTree(file.toFile()) : null;
    List<Path> staged = new ArrayList<>();
    Path staging = dir.resolve("staging");
    if (Files.isDirectory(staging)) {
      try (Stream<Path> files = Files.list(staging)) {
        files.sorted().forEach(staged::add);
      }
    }
    return new Job(
        code,
        out.toString(StandardCharsets.UTF_8),
        err.toString(StandardCharsets.UTF_8),
        file,
        json,
        staged);
  }

  /** Beam's fake BigQuery with the dataset and the three tables (the launch checks they exist). */
  private static FakeBigQueryServices bigQuery() {
    FakeDatasetService.setUp();
    FakeDatasetService datasets = new FakeDatasetService();
    try {
      Fixtures.createTables(
          datasets, PROJECT, DATASET, List.of("scored_tweets", "sentiment_windows", "dead_letter"));
    } catch (IOException | InterruptedException e) {
      throw new IllegalStateException(e);
    }
    return new FakeBigQueryServices()
        .withDatasetService(datasets)
        .withJobService(new FakeJobService());
  }

  /**
   * An output's coder as a tree of names: Beam's kinds ({@code kind:windowed_value}), coder
   * classes, and a custom coder's own class, e.g. {@code
   * kind:windowed_value[CustomCoder<...RawMessage$RawMessageCoder>, kind:global_window]}.
   */
  static String coderTree(JsonNode encoding) {
    String type = encoding.path("@type").asText();
    if (encoding.has("type")) {
      type += "<" + encoding.path("type").path("value").asText() + ">";
    }
    List<String> parts = new ArrayList<>();
    for (Iterator<JsonNode> c = encoding.path("component_encodings").elements(); c.hasNext(); ) {
      parts.add(coderTree(c.next()));
    }
    return parts.isEmpty() ? type : type + "[" + String.join(", ", parts) + "]";
  }

  /** Each step's outputs' coder trees, a line per output: the job as {@code --update} sees it. */
  static List<String> describe(JsonNode json) {
    List<String> lines = new ArrayList<>();
    for (JsonNode step : json.path("steps")) {
      lines.addAll(describeStep(step));
    }
    return lines;
  }

  /** One step's lines of {@link #describe}. */
  static List<String> describeStep(JsonNode step) {
    JsonNode p = step.path("properties");
    String name = p.path("user_name").path("value").asText();
    String kind = step.path("kind").asText();
    JsonNode outputs = p.path("output_info");
    if (outputs.isTextual()) {
      try {
        outputs = MAPPER.readTree(outputs.asText());
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
    }
    if (outputs.isEmpty()) {
      return List.of(name + " (" + kind + ")");
    }
    List<String> lines = new ArrayList<>();
    int i = 0;
    for (JsonNode output : outputs) {
      lines.add(name + " (" + kind + ") out" + i++ + ": " + coderTree(output.path("encoding")));
    }
    return lines;
  }
}
