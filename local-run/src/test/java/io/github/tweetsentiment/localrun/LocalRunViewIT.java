package io.github.tweetsentiment.localrun;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.tweetsentiment.core.TweetJson;
import io.github.tweetsentiment.localrun.view.PageHold;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The page's JSON endpoint at the end of real local runs (the embedded service, the fast model): a
 * run that reads no tweet, and a run that fails. The state is read while the run holds its page up
 * after its end.
 */
class LocalRunViewIT {

  @TempDir Path work;

  private final ByteArrayOutputStream console = new ByteArrayOutputStream();
  private final AtomicReference<JsonNode> served = new AtomicReference<>();

  /** Reads GET /api/state once the run is over, before the page stops. */
  private final PageHold readState =
      page -> {
        try {
          HttpResponse<String> r =
              HttpClient.newHttpClient()
                  .send(
                      HttpRequest.newBuilder(page.resolve("api/state")).build(),
                      HttpResponse.BodyHandlers.ofString());
          assertThat(r.statusCode()).isEqualTo(200);
          served.set(TweetJson.mapper().readTree(r.body()));
        } catch (IOException e) {
          throw new AssertionError("GET " + page + "api/state", e);
        }
      };

  private int run(Path input, Path output) throws IOException {
    String[] args = {
      "--input=" + input,
      "--outputDir=" + output,
      "--model=fast",
      "--progressSeconds=0",
      "--viewPort=" + freePort()
    };
    return LocalPipeline.run(
        args, new PrintStream(console, true, StandardCharsets.UTF_8), readState);
  }

  @Test
  void aRunWithZeroTweets_servesZeroTotals_noWindows_andFinishes() throws Exception {
    Path empty = Files.writeString(work.resolve("empty.jsonl"), "");
    Path output = work.resolve("output");

    int exit = run(empty, output);

    String printed = console.toString(StandardCharsets.UTF_8);
    assertThat(exit).as(printed).isZero();
    JsonNode state = served.get();
    assertThat(state).as(printed).isNotNull();
    assertThat(state.at("/job/status").asText()).isEqualTo("finished");
    assertThat(state.at("/job/error").isNull()).isTrue();
    assertThat(state.at("/totals/read").asLong()).isZero();
    assertThat(state.at("/totals/scored").asLong()).isZero();
    assertThat(state.at("/totals/deadLetters").asLong()).isZero();
    assertThat(state.at("/totals/tweetsPerSecond").asDouble()).isZero();
    assertThat(state.get("queries")).isEmpty();
    assertThat(state.get("latestTweets")).isEmpty();
    assertThat(Files.readString(output.resolve("sentiment_windows_latest.ndjson"))).isEmpty();
    assertThat(output.resolve("report.html")).isNotEmptyFile();
  }

  @Test
  void aFailedRun_servesFailedWithTheReason() throws Exception {
    Path recording = Path.of(System.getProperty("samples.dir", "../samples/tweets"), "small.jsonl");
    // The output folder is a file: the writers cannot start, and the job fails.
    Path output = Files.writeString(work.resolve("not-a-folder"), "x");

    assertThatThrownBy(() -> run(recording, output)).isInstanceOf(RuntimeException.class);

    String printed = console.toString(StandardCharsets.UTF_8);
    JsonNode state = served.get();
    assertThat(state).as(printed).isNotNull();
    assertThat(state.at("/job/status").asText()).isEqualTo("failed");
    assertThat(state.at("/job/error").asText()).as(printed).contains("not-a-folder");
    assertThat(printed).contains("Could not write the report");
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
