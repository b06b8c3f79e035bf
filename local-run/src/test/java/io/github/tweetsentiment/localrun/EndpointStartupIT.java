package io.github.tweetsentiment.localrun;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.github.tweetsentiment.localrun.view.HostileRecording;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A given endpoint that is still starting is waited for; one that is wrong stops the run at once.
 * The service is the real one, in-process, behind a real HTTP server of this test's that answers as
 * a service scaling from zero does (503 for its first seconds), or is not listening yet, or answers
 * 404 for the model.
 */
class EndpointStartupIT {

  @TempDir Path output;

  private LocalEndpoint service;
  private HttpServer front;

  @BeforeEach
  void startService() {
    service =
        LocalEndpoint.resolve(
            LocalEndpoint.EMBEDDED, "fast", new PrintStream(new ByteArrayOutputStream()));
  }

  @AfterEach
  void stop() {
    if (front != null) {
      front.stop(0);
    }
    service.close();
  }

  /**
   * Starts the front server on {@code port}: for the first {@code unavailableMillis} every request
   * gets {@code status} (a 503 of a starting service, or a 404 forever with a negative time), then
   * it forwards to the service.
   */
  private void startFront(int port, int status, long unavailableMillis) throws IOException {
    HttpClient http = HttpClient.newHttpClient();
    long started = System.nanoTime();
    front = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
    front.createContext(
        "/",
        exchange -> {
          long elapsed = (System.nanoTime() - started) / 1_000_000;
          if (unavailableMillis < 0 || elapsed < unavailableMillis) {
            reply(exchange, status, "{\"detail\":\"not yet\"}");
            return;
          }
          forward(http, exchange);
        });
    front.start();
  }

  private void forward(HttpClient http, HttpExchange exchange) throws IOException {
    try {
      byte[] body = exchange.getRequestBody().readAllBytes();
      HttpRequest.Builder request =
          HttpRequest.newBuilder(
                  URI.create(service.url()).resolve(exchange.getRequestURI().toString()))
              .method(exchange.getRequestMethod(), HttpRequest.BodyPublishers.ofByteArray(body));
      String type = exchange.getRequestHeaders().getFirst("Content-Type");
      if (type != null) {
        request.header("Content-Type", type);
      }
      HttpResponse<byte[]> response =
          http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
      reply(exchange, response.statusCode(), new String(response.body(), StandardCharsets.UTF_8));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      reply(exchange, 502, "{}");
    }
  }

  private static void reply(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private record Outcome(int exit, String printed, double seconds) {}

  private Outcome run(int port) {
    long start = System.nanoTime();
    ConsoleRun run =
        ConsoleRun.of(
            "--sentimentEndpoint=http://127.0.0.1:" + port + "/",
            "--input=" + HostileRecording.samplesDir().resolve("small.jsonl"),
            "--outputDir=" + output,
            "--model=fast",
            "--viewPort=0",
            "--progressSeconds=0",
            "--endpointWaitSeconds=60");
    return new Outcome(run.exit(), run.printed(), (System.nanoTime() - start) / 1e9);
  }

  @Test
  void aServiceAnswering503WhileItStarts_isWaitedFor_andTheRunScores() throws Exception {
    int port = freePort();
    startFront(port, 503, 5_000);

    Outcome outcome = run(port);

    assertThat(outcome.exit()).as(outcome.printed()).isZero();
    assertThat(outcome.seconds()).isGreaterThan(4.5);
    assertThat(outcome.printed())
        .containsOnlyOnce("Waiting up to 60 s for the sentiment endpoint")
        .contains("HTTP 503")
        .containsPattern("tweets scored +[1-9]");
  }

  @Test
  void aServiceNotListeningYet_isWaitedFor_andTheRunScoresOnceItStarts() throws Exception {
    int port = freePort();
    CompletableFuture<Void> later =
        CompletableFuture.runAsync(
            () -> {
              try {
                Thread.sleep(5_000);
                startFront(port, 503, 0);
              } catch (IOException | InterruptedException e) {
                throw new IllegalStateException(e);
              }
            });

    Outcome outcome = run(port);
    later.join();

    assertThat(outcome.exit()).as(outcome.printed()).isZero();
    assertThat(outcome.printed())
        .contains("Waiting up to 60 s for the sentiment endpoint")
        .containsPattern("tweets scored +[1-9]");
  }

  @Test
  void anEndpointThatDoesNotServeTheModel_stopsTheRunAtOnce_sayingWhatToFix() throws Exception {
    int port = freePort();
    startFront(port, 404, -1);

    Outcome outcome = run(port);

    assertThat(outcome.exit()).as(outcome.printed()).isEqualTo(2);
    assertThat(outcome.seconds()).as("no waiting").isLessThan(Duration.ofSeconds(10).toSeconds());
    assertThat(outcome.printed())
        .contains("does not serve model 'fast'")
        .contains("--sentimentEndpoint")
        .doesNotContain("Waiting up to")
        .doesNotContain("Pipeline");
  }
}
