package io.github.tweetsentiment.localrun;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.tweetsentiment.service.EmbeddedSentimentService;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.SocketEffect;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The local job against the real service behind a proxy that injects faults into about 30 % of
 * predict calls (503, 429 with Retry-After, 500, reset connections, 3 s stalls) and an outage of 10
 * s: every tweet is scored once and none is dead-lettered, because transient failures wait.
 */
class FaultInjectionIT {
  /** The outage starts at this predict call. */
  private static final int OUTAGE_AT_CALL = 10;

  private static final Duration OUTAGE = Duration.ofSeconds(10);

  @TempDir Path output;
  EmbeddedSentimentService service;
  MockWebServer proxy;
  final Map<String, Integer> injected = new ConcurrentHashMap<>();

  @BeforeEach
  void start() throws IOException {
    service = EmbeddedSentimentService.start("fast");
    proxy = new MockWebServer();
    proxy.setDispatcher(new FaultyProxy(service.baseUrl().toString()));
    proxy.start();
  }

  @AfterEach
  void stop() {
    proxy.close();
    service.close();
  }

  @Test
  void everyTweetIsScoredOnce_andNoneDeadLettered_throughThirtyPercentFaultsAndAnOutage()
      throws Exception {
    // The bundled recording: 510 distinct tweets scored on a clean run (LocalRunIT).
    String[] args = {
      "--outputDir=" + output,
      "--model=fast",
      "--sentimentEndpoint=" + proxy.url("/"),
      "--batchSize=10",
      "--progressSeconds=0"
    };

    ConsoleRun run = ConsoleRun.of(args);

    String printed = run.printed();
    System.out.println(printed + "\nInjected: " + injected);
    assertThat(run.exit()).as(printed).isZero();
    assertThat(injected.keySet()).contains("outage", "503", "429", "500", "reset", "stall");
    List<String> scored = column("scored_tweets", "tweet_id");
    assertThat(scored).doesNotHaveDuplicates().hasSize(510);
    assertThat(column("dead_letter", "stage")).allMatch("parse"::equals);
    assertThat(printed).containsPattern("inference failures +0\\b");
  }

  private List<String> column(String table, String field) throws IOException {
    return OutputRows.column(output, table, field);
  }

  /** Forwards to the real service, except for the faults it injects, with a fixed seed. */
  private final class FaultyProxy extends Dispatcher {
    private final String target;
    private final OkHttpClient http =
        new OkHttpClient.Builder().readTimeout(30, TimeUnit.SECONDS).build();
    private final Random random = new Random(11);
    private int predictCalls;
    private long outageStart;

    FaultyProxy(String target) {
      this.target = target.endsWith("/") ? target.substring(0, target.length() - 1) : target;
    }

    @Override
    public MockResponse dispatch(RecordedRequest request) throws InterruptedException {
      boolean predict = request.getMethod().equals("POST");
      if (predict && inOutage()) {
        return count("outage", problem(503, "service restarting"));
      }
      int dice;
      synchronized (random) {
        dice = random.nextInt(100);
      }
      if (predict && dice < 30) {
        switch (dice % 5) {
          case 0:
            return count("503", problem(503, "no instances available"));
          case 1:
            return count(
                "429",
                problem(429, "slow down").newBuilder().setHeader("Retry-After", "1").build());
          case 2:
            return count("500", problem(500, "internal error"));
          case 3:
            return count(
                "reset",
                forward(request)
                    .newBuilder()
                    .onResponseStart(SocketEffect.ShutdownConnection.INSTANCE)
                    .build());
          default:
            MockResponse slow =
                forward(request).newBuilder().headersDelay(3, TimeUnit.SECONDS).build();
            return count("stall", slow);
        }
      }
      return forward(request);
    }

    private synchronized boolean inOutage() {
      if (++predictCalls == OUTAGE_AT_CALL) {
        outageStart = System.nanoTime();
      }
      return outageStart != 0 && System.nanoTime() - outageStart < OUTAGE.toNanos();
    }

    private MockResponse count(String fault, MockResponse response) {
      injected.merge(fault, 1, Integer::sum);
      return response;
    }

    private MockResponse forward(RecordedRequest request) {
      Request.Builder out = new Request.Builder().url(target + request.getUrl().encodedPath());
      if (request.getMethod().equals("POST")) {
        out.post(
            RequestBody.create(
                request.getBody().toByteArray(), MediaType.get("application/json; charset=utf-8")));
      }
      try (Response r = http.newCall(out.build()).execute()) {
        MockResponse.Builder b = new MockResponse.Builder().code(r.code()).body(r.body().string());
        String type = r.header("Content-Type");
        if (type != null) {
          b.setHeader("Content-Type", type);
        }
        return b.build();
      } catch (IOException e) {
        return problem(502, "proxy: " + e.getMessage());
      }
    }

    private MockResponse problem(int status, String detail) {
      return new MockResponse.Builder()
          .code(status)
          .setHeader("Content-Type", "application/problem+json")
          .body("{\"status\":" + status + ",\"detail\":\"" + detail + "\"}")
          .build();
    }
  }
}
