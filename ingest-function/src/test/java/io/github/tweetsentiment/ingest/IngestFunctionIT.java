package io.github.tweetsentiment.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.cloud.firestore.Firestore;
import com.google.cloud.firestore.FirestoreOptions;
import com.google.cloud.functions.invoker.runner.Invoker;
import com.google.pubsub.v1.ReceivedMessage;
import io.github.tweetsentiment.core.TweetJson;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.Test;

/**
 * The function end to end, in-process, through the Functions Framework's own invoker: the invoker
 * loads {@link IngestFunction} by name and serves it over HTTP; the function reads its
 * configuration from the environment (set by Failsafe, see the pom), polls a MockWebServer standing
 * in for the X API, publishes to the Pub/Sub emulator and checkpoints in the Firestore emulator.
 */
class IngestFunctionIT {

  @Test
  void scheduledCall_publishesEveryTweetAndAdvancesTheCheckpoint() throws Exception {
    String pubsubHost = Emulators.pubsubHost();
    String firestoreHost = Emulators.firestoreHost();
    Map<String, String> env = System.getenv();
    assumeTrue(
        env.containsKey("INGEST_IT_X_PORT"),
        "INGEST_IT_X_PORT is not set: run through Maven (Failsafe sets the environment)");
    IngestConfig config = IngestConfig.fromEnvironment(env);
    int xPort = Integer.parseInt(env.get("INGEST_IT_X_PORT"));
    int functionPort = Integer.parseInt(env.get("INGEST_IT_FUNCTION_PORT"));
    String query = config.poll().query();
    IngestConfig.FirestoreSpec spec = (IngestConfig.FirestoreSpec) config.checkpoint();

    // Recent ids, so the checkpoint the function writes is inside recent search's window.
    long base = (System.currentTimeMillis() - 60_000 - 1288834974657L) << 22;
    String newest = Long.toString(base + 300);
    String middle = Long.toString(base + 200);
    String oldest = Long.toString(base + 100);

    // Not in the try-with-resources: Firestore.close() declares Exception.
    Firestore firestore =
        FirestoreOptions.newBuilder()
            .setProjectId(spec.projectId())
            .setEmulatorHost(firestoreHost)
            .build()
            .getService();
    try (Emulators.PubSub pubsub = new Emulators.PubSub(pubsubHost);
        MockWebServer x = new MockWebServer();
        LogCapture logs = new LogCapture()) {
      String subscription =
          pubsub.topicWithSubscription(config.topic(), "function-it-" + UUID.randomUUID());
      // A previous run of this test may have left a checkpoint: start from none.
      new FirestoreCheckpointStore(firestore, spec.collection())
          .doc(query)
          .delete()
          .get(20, TimeUnit.SECONDS);
      x.enqueue(Pages.ok(Pages.page("page-2", newest, middle)));
      x.enqueue(Pages.ok(Pages.page(null, oldest)));
      x.start(xPort);

      Invoker invoker =
          new Invoker(
              functionPort,
              IngestFunction.class.getName(),
              "http",
              Thread.currentThread().getContextClassLoader());
      invoker.startTestServer();
      JsonNode summary;
      int status;
      try (Response response =
          new OkHttpClient.Builder()
              .callTimeout(60, TimeUnit.SECONDS)
              .build()
              .newCall(
                  new Request.Builder()
                      .url(HttpUrl.get("http://127.0.0.1:" + functionPort + "/"))
                      .post(RequestBody.create("", MediaType.get("application/json")))
                      .build())
              .execute()) {
        status = response.code();
        summary = TweetJson.mapper().readTree(response.body().string());
      } finally {
        invoker.stopServer();
      }

      assertThat(status).as("summary: %s", summary).isEqualTo(200);
      assertThat(summary.path("published").asInt()).isEqualTo(3);
      assertThat(summary.path("pages").asInt()).isEqualTo(2);
      assertThat(summary.path("checkpoint").asText()).isEqualTo("advanced");

      RecordedRequest first = x.takeRequest();
      assertThat(first.getUrl().queryParameter("query")).isEqualTo(query);
      assertThat(first.getUrl().queryParameter("start_time")).isNotNull();
      assertThat(first.getHeaders().get("Authorization"))
          .isEqualTo("Bearer " + env.get("X_BEARER_TOKEN"));
      assertThat(x.takeRequest().getUrl().queryParameter("next_token")).isEqualTo("page-2");

      List<ReceivedMessage> received = pubsub.pull(subscription, 3);
      assertThat(received)
          .extracting(m -> m.getMessage().getAttributesOrThrow("tweet_id"))
          .containsExactlyInAnyOrder(newest, middle, oldest);
      assertThat(received)
          .allSatisfy(
              m -> {
                assertThat(m.getMessage().getAttributesMap())
                    .containsEntry("query", query)
                    .containsEntry("source", "x-api-v2-recent-search")
                    .containsEntry("lang", "en")
                    .containsKey("created_at");
                assertThat(
                        TweetJson.readEnvelope(m.getMessage().getData().toByteArray())
                            .tweets()
                            .get(0)
                            .id())
                    .isEqualTo(m.getMessage().getAttributesOrThrow("tweet_id"));
              });

      assertThat(new FirestoreCheckpointStore(firestore, spec.collection()).read(query))
          .get()
          .extracting(Checkpoint::sinceId)
          .isEqualTo(newest);
      assertThat(logs.all())
          .contains("\"severity\":\"INFO\"")
          .doesNotContain(env.get("X_BEARER_TOKEN"));
    } finally {
      firestore.close();
    }
  }
}
