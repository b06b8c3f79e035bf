package io.github.tweetsentiment.localrun;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.tweetsentiment.core.TweetJson;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;

/**
 * The Pub/Sub emulator of .ci/emulators.sh over its REST API: a topic with a subscription, and
 * publishing raw bytes with attributes. Skips a test without PUBSUB_EMULATOR_HOST, except under
 * CI=true, where that fails it.
 */
final class PubsubEmulator {
  static final String PROJECT =
      System.getenv().getOrDefault("PUBSUB_PROJECT_ID", "tweet-sentiment-test");

  private final HttpClient http = HttpClient.newHttpClient();
  final String url;
  final String topic;
  final String subscription;

  private PubsubEmulator(String url, String name) throws Exception {
    this.url = url;
    this.topic = "projects/" + PROJECT + "/topics/" + name;
    this.subscription = "projects/" + PROJECT + "/subscriptions/" + name;
    put(topic, "{}");
    put(subscription, "{\"topic\":\"" + topic + "\",\"ackDeadlineSeconds\":60}");
  }

  /** A fresh topic and subscription named {@code prefix} plus a random suffix. */
  static PubsubEmulator topicAndSubscription(String prefix) throws Exception {
    String host = System.getenv("PUBSUB_EMULATOR_HOST");
    if (host == null || host.isBlank()) {
      if ("true".equals(System.getenv("CI"))) {
        throw new IllegalStateException(
            "PUBSUB_EMULATOR_HOST is not set under CI=true: start the emulator (.ci/emulators.sh)");
      }
      assumeTrue(false, "PUBSUB_EMULATOR_HOST is not set: start the Pub/Sub emulator to run this");
    }
    return new PubsubEmulator(
        "http://" + host, prefix + "-" + UUID.randomUUID().toString().substring(0, 8));
  }

  /** The options that point a pipeline at this subscription on the emulator. */
  String[] pipelineArgs() {
    return new String[] {
      "--inputSubscription=" + subscription,
      "--pubsubRootUrl=" + url,
      "--project=" + PROJECT,
      "--credentialFactoryClass=org.apache.beam.sdk.extensions.gcp.auth.NoopCredentialFactory"
    };
  }

  void publish(byte[] data, Map<String, String> attributes) throws Exception {
    ObjectNode body = TweetJson.mapper().createObjectNode();
    ObjectNode m = body.putArray("messages").addObject();
    m.put("data", Base64.getEncoder().encodeToString(data));
    ObjectNode a = m.putObject("attributes");
    attributes.forEach(a::put);
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(URI.create(url + "/v1/" + topic + ":publish"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
  }

  private void put(String path, String body) throws Exception {
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(URI.create(url + "/v1/" + path))
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
  }
}
