package io.github.tweetsentiment.pipeline.read;

import static io.github.tweetsentiment.pipeline.Fixtures.envelope;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.tweetsentiment.core.TweetJson;
import io.github.tweetsentiment.core.TweetMessage;
import io.github.tweetsentiment.pipeline.PipelineConfig;
import io.github.tweetsentiment.pipeline.SentimentOptions;
import io.github.tweetsentiment.pipeline.SentimentPipeline;
import io.github.tweetsentiment.pipeline.scoring.KeywordModel;
import io.github.tweetsentiment.pipeline.sink.LocalTableFiles;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import mockwebserver3.MockWebServer;
import org.apache.beam.runners.direct.DirectOptions;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.extensions.gcp.auth.NoopCredentialFactory;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * PubsubIO against the real Pub/Sub emulator: good and bad messages are published to a topic, the
 * pipeline reads its subscription, and every message ends up scored or dead-lettered. Needs
 * PUBSUB_EMULATOR_HOST (see .ci/emulators.sh); skips without it, except under CI=true.
 */
class PubsubReadIT {

  private static final String PROJECT =
      System.getenv().getOrDefault("PUBSUB_PROJECT_ID", "tweet-sentiment-test");
  private static final Duration DEADLINE = Duration.ofMinutes(3);

  private final HttpClient http = HttpClient.newHttpClient();
  private String emulator;
  private MockWebServer endpoint;

  @TempDir Path output;

  @BeforeEach
  void setUp() throws IOException {
    String host = System.getenv("PUBSUB_EMULATOR_HOST");
    if (host == null || host.isBlank()) {
      if ("true".equals(System.getenv("CI"))) {
        throw new IllegalStateException(
            "PUBSUB_EMULATOR_HOST is not set under CI=true: start the emulator (.ci/emulators.sh)");
      }
      assumeTrue(false, "PUBSUB_EMULATOR_HOST is not set: start the Pub/Sub emulator to run this");
    }
    emulator = "http://" + host;
    endpoint = new MockWebServer();
    endpoint.setDispatcher(KeywordModel.dispatcher(KeywordModel::predictions));
    endpoint.start();
  }

  @AfterEach
  void tearDown() {
    if (endpoint != null) {
      endpoint.close();
    }
  }

  @Test
  void everyPublishedMessage_isScoredOrDeadLettered() throws Exception {
    String suffix = UUID.randomUUID().toString().substring(0, 8);
    String topic = "projects/" + PROJECT + "/topics/tweets-" + suffix;
    String subscription = "projects/" + PROJECT + "/subscriptions/pipeline-" + suffix;
    put(topic, "{}");
    put(subscription, "{\"topic\":\"" + topic + "\",\"ackDeadlineSeconds\":60}");

    Instant created = Instant.parse("2026-11-24T18:00:05Z");
    publish(topic, good("2001", "good phone", created));
    publish(topic, good("2002", "bad battery", created.plusSeconds(20)));
    publish(topic, good("2003", "ships friday", created.plusSeconds(70)));
    publish(topic, good("2001", "good phone", created)); // published twice: scored once
    publish(
        topic, message("{\"data\": {\"id\": \"2004\", \"tex", attrs("2004", created))); // truncated
    Map<String, String> noId = attrs("2005", created);
    noId.remove("tweet_id");
    publish(topic, message(envelope("2005", "no id attribute", org.joda.time.Duration.ZERO), noId));
    Map<String, String> badTime = attrs("2006", created);
    badTime.put("created_at", "soon");
    publish(
        topic,
        message(envelope("2006", "bad time attribute", org.joda.time.Duration.ZERO), badTime));

    String[] args = {
      "--inputSubscription=" + subscription,
      "--pubsubRootUrl=" + emulator,
      "--project=" + PROJECT,
      "--credentialFactoryClass=" + NoopCredentialFactory.class.getName(),
      "--sentimentEndpoint=" + endpoint.url("/"),
      "--outputDir=" + output,
      "--maxBufferingMillis=200"
    };
    PipelineOptionsFactory.register(SentimentOptions.class);
    SentimentOptions options =
        PipelineOptionsFactory.fromArgs(args).withValidation().as(SentimentOptions.class);
    // run() returns at once, so the test can watch the output while the stream runs.
    options.as(DirectOptions.class).setBlockOnRun(false);

    PipelineResult result = SentimentPipeline.run(options, PipelineConfig.from(options));
    List<String> scored;
    List<String> dead;
    Instant giveUp = Instant.now().plus(DEADLINE);
    try {
      do {
        Thread.sleep(1000);
        scored = column("scored_tweets", "tweet_id");
        dead = column("dead_letter", "message_id");
      } while ((scored.size() < 3 || dead.size() < 3) && Instant.now().isBefore(giveUp));
      // A little longer, to catch anything that would arrive twice.
      Thread.sleep(3000);
      scored = column("scored_tweets", "tweet_id");
      dead = column("dead_letter", "error_message");
    } finally {
      result.cancel();
    }

    assertThat(scored).containsExactlyInAnyOrder("2001", "2002", "2003");
    assertThat(dead)
        .hasSize(3)
        .anySatisfy(m -> assertThat(m).contains("malformed JSON"))
        .anySatisfy(m -> assertThat(m).contains("tweet_id is missing"))
        .anySatisfy(m -> assertThat(m).contains("soon"));
    assertThat(column("scored_tweets", "message_id")).allSatisfy(id -> assertThat(id).isNotBlank());
  }

  private static Map<String, String> attrs(String id, Instant created) {
    Map<String, String> a = new LinkedHashMap<>();
    a.put(TweetMessage.TWEET_ID, id);
    a.put(TweetMessage.CREATED_AT, created.toString());
    a.put(TweetMessage.QUERY, "nimbus");
    a.put(TweetMessage.SOURCE, TweetMessage.SOURCE_RECENT_SEARCH);
    return a;
  }

  private static ObjectNode good(String id, String text, Instant created) {
    String payload =
        envelope(
            id,
            text,
            org.joda.time.Duration.millis(
                created.toEpochMilli()
                    - io.github.tweetsentiment.pipeline.Fixtures.BASE_TIME.getMillis()));
    return message(payload, attrs(id, created));
  }

  private static ObjectNode message(String payload, Map<String, String> attributes) {
    ObjectNode m = TweetJson.mapper().createObjectNode();
    m.put("data", Base64.getEncoder().encodeToString(payload.getBytes(StandardCharsets.UTF_8)));
    ObjectNode a = m.putObject("attributes");
    attributes.forEach(a::put);
    return m;
  }

  private void put(String path, String body) throws Exception {
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(URI.create(emulator + "/v1/" + path))
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
  }

  private void publish(String topic, ObjectNode message) throws Exception {
    ObjectNode body = TweetJson.mapper().createObjectNode();
    body.putArray("messages").add(message);
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(URI.create(emulator + "/v1/" + topic + ":publish"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
  }

  private List<String> column(String table, String field) throws IOException {
    List<String> values = new ArrayList<>();
    for (String line : LocalTableFiles.wholeLines(output, table)) {
      values.add(TweetJson.mapper().readTree(line).path(field).asText(null));
    }
    return values;
  }
}
