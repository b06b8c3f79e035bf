package io.github.tweetsentiment.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.tweetsentiment.service.HttpTestClient.Reply;
import io.github.tweetsentiment.service.model.FastModel;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** Liveness answers at once; readiness and predict only once the model has loaded. */
class SentimentServerReadinessTest {

  private static final String BODY = "{\"instances\":[{\"text\":\"good morning\"}]}";

  @Test
  void whileLoading_liveIsUp_readyAndPredictAre503_thenAllUpOnceLoaded() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    try (SentimentServer server =
        SentimentServer.start(
            ServiceConfig.defaults("127.0.0.1", 0, FastModel.NAME),
            () -> {
              awaitQuietly(release);
              return FastModel.load();
            },
            e -> {})) {
      HttpTestClient http = new HttpTestClient(URI.create("http://127.0.0.1:" + server.port()));

      assertThat(http.get("/health/live").status()).isEqualTo(200);
      Reply ready = http.get("/health/ready");
      assertThat(ready.status()).isEqualTo(503);
      assertThat(ready.json().get("type").asText()).endsWith("model-not-ready");
      assertThat(ready.header("Retry-After")).isEqualTo("1");
      Reply predict = http.post("/v1/models/fast:predict", BODY);
      assertThat(predict.status()).isEqualTo(503);
      assertThat(predict.json().get("type").asText()).endsWith("model-not-ready");
      assertThat(http.get("/v1/models/fast").status()).isEqualTo(503);
      assertThat(server.isReady()).isFalse();

      release.countDown();
      server.awaitReady(Duration.ofSeconds(30));

      assertThat(server.isReady()).isTrue();
      assertThat(http.get("/health/ready").status()).isEqualTo(200);
      assertThat(http.post("/v1/models/fast:predict", BODY).status()).isEqualTo(200);
    }
  }

  @Test
  void failedLoad_staysUnready_reportsTheFailure_andCallsTheHandler() throws Exception {
    AtomicReference<Throwable> reported = new AtomicReference<>();
    CountDownLatch failed = new CountDownLatch(1);
    try (SentimentServer server =
        SentimentServer.start(
            ServiceConfig.defaults("127.0.0.1", 0, FastModel.NAME),
            () -> {
              throw new IllegalStateException("weights are corrupt");
            },
            e -> {
              reported.set(e);
              failed.countDown();
            })) {
      assertThat(failed.await(10, TimeUnit.SECONDS)).isTrue();
      assertThat(reported.get()).hasMessage("weights are corrupt");
      assertThatThrownBy(() -> server.awaitReady(Duration.ofSeconds(1)))
          .hasMessageContaining("weights are corrupt");
      HttpTestClient http = new HttpTestClient(URI.create("http://127.0.0.1:" + server.port()));
      assertThat(http.get("/health/live").status()).isEqualTo(200);
      Reply ready = http.get("/health/ready");
      assertThat(ready.status()).isEqualTo(503);
      assertThat(ready.json().get("type").asText()).endsWith("model-load-failed");
      assertThat(ready.json().get("detail").asText()).doesNotContain("corrupt");
    }
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await(60, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
