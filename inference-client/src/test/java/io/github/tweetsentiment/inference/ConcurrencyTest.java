package io.github.tweetsentiment.inference;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.tweetsentiment.core.Prediction;
import io.github.tweetsentiment.core.SentimentLabel;
import io.github.tweetsentiment.core.predict.PredictInstance;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** One client, many threads, some failures: every call gets its own predictions back, aligned. */
class ConcurrencyTest {

  private static final int THREADS = 16;
  private static final int CALLS_PER_THREAD = 25;

  @RegisterExtension final Fixtures.Endpoint endpoint = new Fixtures.Endpoint();
  private final MockWebServer server = endpoint.server;
  private final List<CallStats> calls = endpoint.calls;
  private final AtomicInteger requests = new AtomicInteger();

  @BeforeEach
  void serve() {
    server.setDispatcher(
        new Dispatcher() {
          @Override
          public MockResponse dispatch(RecordedRequest request) {
            // Every 7th request fails with a retryable status; the rest label by id % 3.
            if (requests.incrementAndGet() % 7 == 0) {
              return Fixtures.problem(503, "busy");
            }
            List<Integer> labels = new ArrayList<>();
            for (JsonNode instance : Fixtures.sentInstances(request)) {
              labels.add(Integer.parseInt(instance.get("id").asText()));
            }
            return Fixtures.json(200, Fixtures.predictionsJson(labels));
          }
        });
  }

  @Test
  void predict_fromManyThreadsOnOneClient_returnsEachCallersPredictions() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    try (SentimentClient client =
        endpoint
            .client("/")
            .initialBackoff(Duration.ofMillis(1))
            .maxBackoff(Duration.ofMillis(5))
            .maxAttempts(10)
            .build()) {
      List<Future<Integer>> futures = new ArrayList<>();
      for (int t = 0; t < THREADS; t++) {
        int thread = t;
        futures.add(
            pool.submit(
                () -> {
                  int checked = 0;
                  for (int c = 0; c < CALLS_PER_THREAD; c++) {
                    int size = 1 + (thread + c) % 8;
                    List<PredictInstance> batch = new ArrayList<>();
                    for (int i = 0; i < size; i++) {
                      int id = thread * 10_000 + c * 10 + i;
                      batch.add(new PredictInstance(String.valueOf(id), "t" + thread + " c" + c));
                    }
                    List<Prediction> predictions = client.predict(batch);
                    assertThat(predictions).hasSize(size);
                    for (int i = 0; i < size; i++) {
                      int id = Integer.parseInt(batch.get(i).id());
                      assertThat(predictions.get(i).label())
                          .isEqualTo(SentimentLabel.fromIndex(id % 3));
                      checked++;
                    }
                  }
                  return checked;
                }));
      }
      int checked = 0;
      for (Future<Integer> future : futures) {
        checked += future.get(60, TimeUnit.SECONDS);
      }
      assertThat(checked).isGreaterThan(THREADS * CALLS_PER_THREAD);
    } finally {
      pool.shutdownNow();
    }
    assertThat(calls).hasSize(THREADS * CALLS_PER_THREAD);
    assertThat(calls).allMatch(s -> s.outcome() == CallStats.Outcome.SUCCESS);
    int attempts = calls.stream().mapToInt(CallStats::attempts).sum();
    assertThat(attempts).isEqualTo(server.getRequestCount());
    assertThat(attempts).isGreaterThan(THREADS * CALLS_PER_THREAD);
  }
}
