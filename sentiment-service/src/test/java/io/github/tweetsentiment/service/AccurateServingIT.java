package io.github.tweetsentiment.service;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.tweetsentiment.service.HttpTestClient.Reply;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The default model over HTTP: bge on ONNX Runtime, batched, under concurrent requests. */
class AccurateServingIT {

  private static EmbeddedSentimentService service;
  private static HttpTestClient http;

  @BeforeAll
  static void start() {
    service = EmbeddedSentimentService.start("accurate");
    http = new HttpTestClient(service.baseUrl());
  }

  @AfterAll
  static void stop() {
    service.close();
  }

  @Test
  void GET_model_namesTheTunedLayersItBlendsIn() {
    Reply reply = http.get("/v1/models/accurate");
    assertThat(reply.status()).isEqualTo(200);
    JsonNode tuned = reply.json().get("details").get("tuned");
    assertThat(tuned.get("encoder").asText()).isEqualTo("bge");
    assertThat(tuned.get("from_layer").asInt()).isEqualTo(5);
    assertThat(tuned.get("file").asText()).isEqualTo("accurate-top.onnx");
    assertThat(tuned.get("sha256").asText()).hasSize(64);
    assertThat(tuned.get("weight").asDouble()).isBetween(0.05, 0.95);
    assertThat(reply.json().get("description").asText()).contains("fine-tuned");
  }

  @Test
  void POST_predict_scoresClearCasesAndReportsTheModel() {
    Reply reply =
        http.post(
            "/v1/models/accurate:predict",
            """
            {"instances": [
              {"id": "1", "text": "I love this so much, best concert of my life!"},
              {"id": "2", "text": "This is awful. Worst airline ever, lost my bags again."},
              {"id": "3", "text": "The council meets on Tuesday at 7pm."}
            ]}""");
    assertThat(reply.status()).isEqualTo(200);
    JsonNode body = reply.json();
    assertThat(body.get("model").asText()).isEqualTo("accurate");
    JsonNode p = body.get("predictions");
    assertThat(p.get(0).get("label").asText()).isEqualTo("positive");
    assertThat(p.get(1).get("label").asText()).isEqualTo("negative");
    assertThat(p.get(2).get("label").asText()).isEqualTo("neutral");
  }

  @Test
  void concurrentBatches_allSucceedAndMatchSequentialScores() throws Exception {
    String body =
        "{\"instances\":[{\"text\":\"not bad at all\"},{\"text\":\"meh, could be worse\"},"
            + "{\"text\":\""
            + "a longer tweet that pads the batch ".repeat(6)
            + "\"}]}";
    JsonNode expected = http.post("/v1/models/accurate:predict", body).json().get("predictions");
    ExecutorService pool = Executors.newFixedThreadPool(6);
    try {
      List<Future<Reply>> replies = new ArrayList<>();
      for (int i = 0; i < 24; i++) {
        replies.add(pool.submit(() -> http.post("/v1/models/accurate:predict", body)));
      }
      for (Future<Reply> f : replies) {
        Reply r = f.get();
        assertThat(r.status()).isEqualTo(200);
        JsonNode got = r.json().get("predictions");
        for (int k = 0; k < 3; k++) {
          assertThat(got.get(k).get("label")).isEqualTo(expected.get(k).get("label"));
          assertThat(got.get(k).get("score").asDouble())
              .isCloseTo(
                  expected.get(k).get("score").asDouble(),
                  org.assertj.core.data.Offset.offset(1e-5));
        }
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
