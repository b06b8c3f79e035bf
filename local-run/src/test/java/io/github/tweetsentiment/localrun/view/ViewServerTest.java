package io.github.tweetsentiment.localrun.view;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.tweetsentiment.localrun.view.ViewState.Status;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The page's server on a real loopback port: the JSON endpoint, the page, its scripts. */
class ViewServerTest {

  @TempDir Path output;

  private final ByteArrayOutputStream console = new ByteArrayOutputStream();
  private final PrintStream out = new PrintStream(console, true, StandardCharsets.UTF_8);
  private final HttpClient http = HttpClient.newHttpClient();
  private LiveView view;
  private ViewServer server;

  private ViewServer serve() {
    view = LiveView.start(new LiveView.Settings(0, output, "in.jsonl", "fast"), out);
    server = ViewServer.start(0, view::state, out);
    return server;
  }

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
    if (view != null) {
      view.close();
    }
  }

  private HttpResponse<String> get(String path) throws IOException, InterruptedException {
    return http.send(
        HttpRequest.newBuilder(server.uri().resolve(path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void GET_api_state_whileNothingHasBeenRead_returnsARunningJobWithZeroTweets() throws Exception {
    serve();

    HttpResponse<String> response = get("/api/state");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type"))
        .hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
    assertThat(response.headers().firstValue("Cache-Control")).hasValue("no-store");
    JsonNode state = ViewJson.MAPPER.readTree(response.body());
    assertThat(state.at("/job/status").asText()).isEqualTo("running");
    assertThat(state.at("/job/input").asText()).isEqualTo("in.jsonl");
    assertThat(state.at("/job/model").asText()).isEqualTo("fast");
    assertThat(state.at("/totals/scored").asLong()).isZero();
    assertThat(state.at("/totals/tweetsPerSecond").asDouble()).isZero();
    assertThat(state.get("queries")).isEmpty();
    assertThat(state.get("latestTweets")).isEmpty();
    assertThat(state.get("latestDeadLetters")).isEmpty();
    assertThat(state.get("windowsShown").asBoolean()).isTrue();
  }

  @Test
  void GET_api_state_afterAFailedRun_saysFailedAndWhy() throws Exception {
    serve();
    view.finish(Status.FAILED, new IllegalStateException("the model did not load"), 3.0);

    JsonNode state = ViewJson.MAPPER.readTree(get("/api/state").body());

    assertThat(state.at("/job/status").asText()).isEqualTo("failed");
    assertThat(state.at("/job/error").asText())
        .isEqualTo("IllegalStateException: the model did not load");
    assertThat(state.at("/job/elapsedSeconds").asDouble()).isEqualTo(3.0);
  }

  @Test
  void GET_root_servesThePage_withAPolicyThatAllowsOnlyItsOwnScripts() throws Exception {
    serve();

    HttpResponse<String> page = get("/");

    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.body())
        .contains("<script src=\"chart.umd.min.js\"></script>")
        .contains("<script src=\"view.js\"></script>")
        .contains("<link rel=\"stylesheet\" href=\"view.css\">")
        .doesNotContain("<!-- scripts -->");
    assertThat(page.headers().firstValue("Content-Security-Policy"))
        .hasValue(ViewServer.CONTENT_SECURITY_POLICY);
    assertThat(page.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
  }

  @Test
  void GET_scriptsAndStyle_areServedFromTheJar() throws Exception {
    serve();

    HttpResponse<String> chart = get("/chart.umd.min.js");
    HttpResponse<String> script = get("/view.js");
    HttpResponse<String> style = get("/view.css");

    assertThat(chart.statusCode()).isEqualTo(200);
    assertThat(chart.body()).contains("Chart.js v4.").hasSizeGreaterThan(100_000);
    assertThat(chart.headers().firstValue("Content-Type"))
        .hasValueSatisfying(t -> assertThat(t).startsWith("text/javascript"));
    assertThat(script.body()).contains("textContent");
    assertThat(style.headers().firstValue("Content-Type"))
        .hasValueSatisfying(t -> assertThat(t).startsWith("text/css"));
    assertThat(get("/nothing-here").statusCode()).isEqualTo(404);
  }

  @Test
  void aRequestAddressedToAnotherHost_isRefused() throws Exception {
    serve();

    String response = rawGet("/api/state", "rebound.example:" + server.uri().getPort());

    assertThat(response).startsWith("HTTP/1.1 403");
    assertThat(response).doesNotContain("\"job\"");
    assertThat(rawGet("/api/state", "localhost:" + server.uri().getPort()))
        .startsWith("HTTP/1.1 200");
  }

  @Test
  void aPortInUse_isReported_andTheRunGoesOnWithoutThePage() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
      view = LiveView.start(new LiveView.Settings(taken.getLocalPort(), output, "in", "fast"), out);

      assertThat(view.page()).isNull();
      assertThat(console.toString(StandardCharsets.UTF_8))
          .contains("Could not serve the live page on 127.0.0.1:" + taken.getLocalPort());
    }
  }

  @Test
  void theUrl_isPrintedAtStart() {
    serve();

    assertThat(server.uri().getHost()).isEqualTo("127.0.0.1");
    assertThat(console.toString(StandardCharsets.UTF_8)).contains("Live page: " + server.uri());
  }

  /** A GET with a Host header of our choosing, which java.net.http does not allow setting. */
  private String rawGet(String path, String host) throws IOException {
    URI uri = server.uri();
    try (Socket socket = new Socket(uri.getHost(), uri.getPort())) {
      OutputStream o = socket.getOutputStream();
      o.write(
          ("GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII));
      o.flush();
      InputStream in = socket.getInputStream();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
