package io.github.tweetsentiment.service;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.tweetsentiment.core.ShareCorrection;
import io.github.tweetsentiment.core.predict.Problem;
import io.github.tweetsentiment.service.HttpTestClient.Reply;
import io.github.tweetsentiment.service.model.FastModel;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The HTTP contract and every error path, against the real server and the real fast model. */
class SentimentServerTest {

  private static final String PREDICT = "/v1/models/fast:predict";

  private static SentimentServer server;
  private static HttpTestClient http;

  @BeforeAll
  static void start() {
    server =
        SentimentServer.start(
            ServiceConfig.defaults("127.0.0.1", 0, FastModel.NAME), FastModel::load, e -> {});
    server.awaitReady(java.time.Duration.ofSeconds(30));
    http = new HttpTestClient(URI.create("http://127.0.0.1:" + server.port()));
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void POST_predict_returnsOnePredictionPerInstanceInOrder() {
    Reply reply =
        http.post(
            PREDICT,
            """
            {"instances": [
              {"id": "1", "text": "I love this, best day ever! So happy"},
              {"id": "2", "text": "This is the worst service, I hate it. Awful."},
              {"text": "The meeting is at 3pm in room 4"}
            ]}""");

    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.contentType()).startsWith("application/json");
    JsonNode body = reply.json();
    assertThat(body.get("model").asText()).isEqualTo("fast");
    assertThat(body.get("model_version").asText()).matches("\\d{4}-\\d{2}-\\d{2}\\.[0-9a-f]{8}");
    JsonNode predictions = body.get("predictions");
    assertThat(predictions).hasSize(3);
    assertThat(predictions.get(0).get("label").asText()).isEqualTo("positive");
    assertThat(predictions.get(1).get("label").asText()).isEqualTo("negative");
    for (JsonNode p : predictions) {
      JsonNode probs = p.get("probabilities");
      double sum =
          probs.get("negative").asDouble()
              + probs.get("neutral").asDouble()
              + probs.get("positive").asDouble();
      assertThat(sum).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-9));
      double max =
          Math.max(
              probs.get("negative").asDouble(),
              Math.max(probs.get("neutral").asDouble(), probs.get("positive").asDouble()));
      assertThat(p.get("score").asDouble()).isEqualTo(max);
      assertThat(probs.get(p.get("label").asText()).asDouble()).isEqualTo(max);
    }
  }

  @Test
  void POST_predict_batchGivesSameScoresAsSingleCalls() {
    String text = "not bad at all, actually pretty good";
    JsonNode alone = http.post(PREDICT, "{\"instances\":[{\"text\":\"" + text + "\"}]}").json();
    JsonNode batch =
        http.post(
                PREDICT,
                "{\"instances\":[{\"text\":\"meh\"},{\"text\":\"" + text + "\"},{\"text\":\"\"}]}")
            .json();
    assertThat(batch.get("predictions").get(1)).isEqualTo(alone.get("predictions").get(0));
  }

  @Test
  void POST_predict_acceptsMaximumBatchAndEmptyAndUnicodeTexts() {
    StringBuilder body = new StringBuilder("{\"instances\":[");
    for (int i = 0; i < 256; i++) {
      body.append(i == 0 ? "" : ",")
          .append("{\"id\":")
          .append(i)
          .append(",\"text\":\"tweet ")
          .append(i)
          .append(" 😍 \\u2019 &amp;\"}");
    }
    body.append("]}");
    Reply reply = http.post(PREDICT, body.toString());
    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.json().get("predictions")).hasSize(256);

    assertThat(http.post(PREDICT, "{\"instances\":[{\"text\":\"\"}]}").status()).isEqualTo(200);
    assertThat(
            http.post(PREDICT, "{\"instances\":[{\"text\":\"" + "x".repeat(25_000) + "\"}]}")
                .status())
        .isEqualTo(200);
  }

  @Test
  void POST_predict_withoutContentType_isTakenAsJson() {
    Reply reply =
        http.post(
            PREDICT, "{\"instances\":[{\"text\":\"hi\"}]}".getBytes(StandardCharsets.UTF_8), null);
    assertThat(reply.status()).isEqualTo(200);
  }

  @Test
  void GET_model_returnsMetadataWithValidationFigures() {
    Reply reply = http.get("/v1/models/fast");
    assertThat(reply.status()).isEqualTo(200);
    JsonNode body = reply.json();
    assertThat(body.get("name").asText()).isEqualTo("fast");
    assertThat(body.get("version").asText()).isNotBlank();
    assertThat(body.get("labels").toString()).isEqualTo("[\"negative\",\"neutral\",\"positive\"]");
    assertThat(body.get("limits").get("max_instances").asInt()).isEqualTo(256);
    assertThat(body.get("limits").get("max_body_bytes").asInt()).isEqualTo(1 << 20);
    assertThat(body.get("details").get("validation").get("macro_recall").asDouble())
        .isGreaterThan(0.6);
  }

  @Test
  void GET_model_returnsTheShareCorrectionMeasuredOnValidation() throws Exception {
    JsonNode body = http.get("/v1/models/fast").json();
    JsonNode share = body.get("share_correction");
    assertThat(share.get("method").asText()).isIn(ShareCorrection.PACC, ShareCorrection.ACC);
    assertThat(share.get("labels").toString()).isEqualTo("[\"negative\",\"neutral\",\"positive\"]");
    // TweetEval's validation split: 312 negative, 869 neutral, 819 positive tweets.
    assertThat(share.get("validation_counts").toString()).isEqualTo("[312,869,819]");
    JsonNode matrix = share.get("matrix");
    assertThat(matrix).hasSize(3);
    for (int t = 0; t < 3; t++) {
      JsonNode row = matrix.get(t);
      assertThat(row.get(0).asDouble() + row.get(1).asDouble() + row.get(2).asDouble())
          .isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-6));
      for (int j = 0; j < 3; j++) {
        if (j != t) {
          assertThat(row.get(t).asDouble()).isGreaterThan(row.get(j).asDouble());
        }
      }
    }
    // The field is the core type the pipeline reads, and corrects a window with it.
    ShareCorrection correction =
        io.github.tweetsentiment.core.TweetJson.mapper().treeToValue(share, ShareCorrection.class);
    double[] shares = correction.correct(new double[] {10, 50, 40});
    assertThat(shares[0] + shares[1] + shares[2])
        .isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-9));
    JsonNode calibration = body.get("details").get("calibration");
    JsonNode temperatures = calibration.get("temperature_by_label");
    for (String label : List.of("negative", "neutral", "positive")) {
      assertThat(temperatures.get(label).asDouble()).as(label).isPositive();
    }
    assertThat(calibration.get("ece_after").asDouble())
        .isLessThan(calibration.get("ece_before").asDouble());
  }

  @Test
  void GET_health_liveAndReady() {
    assertThat(http.get("/health/live").status()).isEqualTo(200);
    Reply ready = http.get("/health/ready");
    assertThat(ready.status()).isEqualTo(200);
    assertThat(ready.json().get("status").asText()).isEqualTo("ready");
    assertThat(ready.json().get("model").asText()).isEqualTo("fast");
  }

  static Stream<Arguments> badRequests() {
    String big = "{\"instances\":[{\"text\":\"" + "a".repeat(1 << 20) + "\"}]}";
    StringBuilder many = new StringBuilder("{\"instances\":[");
    for (int i = 0; i < 257; i++) {
      many.append(i == 0 ? "" : ",").append("{\"text\":\"t\"}");
    }
    many.append("]}");
    byte[] badUtf8 = {
      '{',
      '"',
      'i',
      'n',
      's',
      't',
      'a',
      'n',
      'c',
      'e',
      's',
      '"',
      ':',
      '[',
      '{',
      '"',
      't',
      'e',
      'x',
      't',
      '"',
      ':',
      '"',
      (byte) 0xC3,
      (byte) 0x28,
      '"',
      '}',
      ']',
      '}'
    };
    return Stream.of(
        malformedJson("malformed JSON", "{\"instances\": ["),
        malformedJson("empty body", ""),
        malformedJson("nesting 100,000 deep", "[".repeat(100_000)),
        malformedJson("a 2,000-digit number", "{\"instances\":" + "9".repeat(2000) + "}"),
        malformedJson("trailing garbage", "{\"instances\":[{\"text\":\"x\"}]} x"),
        invalidRequest("body is an array", "[{\"text\":\"x\"}]"),
        invalidRequest("no instances", "{}"),
        invalidRequest("instances null", "{\"instances\":null}"),
        invalidRequest("instances an object", "{\"instances\":{\"text\":\"x\"}}"),
        invalidRequest("instances empty", "{\"instances\":[]}"),
        invalidRequest("instance a string", "{\"instances\":[\"hi\"]}"),
        invalidRequest("text missing", "{\"instances\":[{\"id\":\"1\"}]}"),
        invalidRequest("text null", "{\"instances\":[{\"text\":null}]}"),
        invalidRequest("text a number", "{\"instances\":[{\"text\":42}]}"),
        invalidRequest("text an array", "{\"instances\":[{\"text\":[\"a\"]}]}"),
        invalidRequest("id an object", "{\"instances\":[{\"id\":{},\"text\":\"x\"}]}"),
        invalidRequest("unpaired surrogate", "{\"instances\":[{\"text\":\"\\ud83d!\"}]}"),
        Arguments.of(
            "invalid UTF-8", "POST", PREDICT, badUtf8, "application/json", 400, "invalid-utf8"),
        bad(
            "text too long",
            PREDICT,
            "{\"instances\":[{\"text\":\"" + "x".repeat(25_001) + "\"}]}",
            400,
            "text-too-long"),
        bad("257 instances", PREDICT, many.toString(), 413, "too-many-instances"),
        bad("body over 1 MiB", PREDICT, big, 413, "body-too-large"),
        Arguments.of(
            "text/plain",
            "POST",
            PREDICT,
            bytes("{\"instances\":[]}"),
            "text/plain",
            415,
            "unsupported-media-type"),
        Arguments.of(
            "form encoded",
            "POST",
            PREDICT,
            bytes("a=b"),
            "application/x-www-form-urlencoded",
            415,
            "unsupported-media-type"),
        bad(
            "unknown model",
            "/v1/models/accurate:predict",
            "{\"instances\":[{\"text\":\"x\"}]}",
            404,
            "unknown-model"),
        bad(
            "no :predict verb",
            "/v1/models/fast",
            "{\"instances\":[{\"text\":\"x\"}]}",
            405,
            "method-not-allowed"),
        bad(
            "other verb",
            "/v1/models/fast:explain",
            "{\"instances\":[{\"text\":\"x\"}]}",
            405,
            "method-not-allowed"),
        Arguments.of("unknown path", "GET", "/v2/nothing", new byte[0], null, 404, "not-found"),
        Arguments.of(
            "metadata of unknown model",
            "GET",
            "/v1/models/other",
            new byte[0],
            null,
            404,
            "unknown-model"),
        Arguments.of(
            "DELETE on a model",
            "DELETE",
            "/v1/models/fast",
            new byte[0],
            null,
            405,
            "method-not-allowed"));
  }

  private static Arguments malformedJson(String name, String body) {
    return bad(name, PREDICT, body, 400, "malformed-json");
  }

  private static Arguments invalidRequest(String name, String body) {
    return bad(name, PREDICT, body, 400, "invalid-request");
  }

  private static Arguments bad(String name, String path, String body, int status, String type) {
    return Arguments.of(name, "POST", path, bytes(body), "application/json", status, type);
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @ParameterizedTest(name = "{0} -> {5} {6}")
  @MethodSource("badRequests")
  void badRequest_isAProblemJsonWithStatusAndType(
      String name,
      String method,
      String path,
      byte[] body,
      String contentType,
      int status,
      String type) {
    Reply reply = send(method, path, body, contentType);

    assertThat(reply.status()).isEqualTo(status);
    assertThat(reply.contentType()).startsWith(Problem.MEDIA_TYPE);
    JsonNode problem = reply.json();
    assertThat(problem.get("type").asText()).isEqualTo("urn:tweet-sentiment:problem:" + type);
    assertThat(problem.get("status").asInt()).isEqualTo(status);
    assertThat(problem.get("title").asText()).isNotBlank();
    assertThat(problem.get("detail").asText()).isNotBlank();
  }

  @Test
  void chunkedBodyOverTheLimit_isRejectedWithoutContentLength() {
    byte[] big = bytes("{\"instances\":[{\"text\":\"" + "a".repeat((1 << 20) + 10) + "\"}]}");
    Reply reply =
        http.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + PREDICT))
                .header("Content-Type", "application/json")
                .POST(
                    HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(big))));
    assertThat(reply.status()).isEqualTo(413);
    assertThat(reply.json().get("type").asText()).endsWith("body-too-large");
  }

  @Test
  void errorDetails_neverEchoTheTweetText() {
    String secret = "my-secret-tweet-" + "z".repeat(25_001);
    Reply reply = http.post(PREDICT, "{\"instances\":[{\"text\":\"" + secret + "\"}]}");
    assertThat(reply.status()).isEqualTo(400);
    assertThat(reply.json().get("detail").asText()).doesNotContain("my-secret-tweet");
  }

  @Test
  void burstOfBadInputs_leavesTheServiceAliveReadyAndCorrect() throws Exception {
    List<Arguments> cases = badRequests().toList();
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<Integer>> futures = new ArrayList<>();
      for (int round = 0; round < 8; round++) {
        for (Arguments a : cases) {
          Object[] args = a.get();
          futures.add(
              pool.submit(
                  () ->
                      send((String) args[1], (String) args[2], (byte[]) args[3], (String) args[4])
                          .status()));
        }
      }
      for (Future<Integer> f : futures) {
        assertThat(f.get()).isBetween(400, 499);
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(http.get("/health/live").status()).isEqualTo(200);
    assertThat(http.get("/health/ready").status()).isEqualTo(200);
    assertThat(server.isReady()).isTrue();
    Reply ok = http.post(PREDICT, "{\"instances\":[{\"text\":\"still working, love it\"}]}");
    assertThat(ok.status()).isEqualTo(200);
    assertThat(ok.json().get("predictions")).hasSize(1);
  }

  private static Reply send(String method, String path, byte[] body, String contentType) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
            .method(method, HttpRequest.BodyPublishers.ofByteArray(body));
    if (contentType != null) {
      request.header("Content-Type", contentType);
    }
    return http.send(request);
  }
}
