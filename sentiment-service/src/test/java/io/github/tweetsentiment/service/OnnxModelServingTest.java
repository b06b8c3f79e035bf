package io.github.tweetsentiment.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.tweetsentiment.service.HttpTestClient.Reply;
import io.github.tweetsentiment.service.model.Models;
import io.github.tweetsentiment.service.onnx.OnnxTestFiles;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** An operator's ONNX classifier, configured by environment variables, served over HTTP. */
class OnnxModelServingTest {

  @Test
  void POST_predict_onTheConfiguredOnnxModel() {
    OnnxTestFiles files = OnnxTestFiles.create();
    ServiceConfig config =
        ServiceConfig.from(
            Map.of(
                "SENTIMENT_MODEL",
                "tiny",
                "SENTIMENT_ONNX_MODEL",
                files.model().toString(),
                "SENTIMENT_ONNX_TOKENIZER",
                files.tokenizer().toString(),
                "SENTIMENT_ONNX_VERSION",
                "test-1"),
            new String[] {"--host", "127.0.0.1", "--port", "0"});
    try (SentimentServer server =
        SentimentServer.start(
            config, () -> Models.load(config.model(), config.onnx(), 1), e -> {})) {
      server.awaitReady(Duration.ofSeconds(30));
      HttpTestClient http = new HttpTestClient(URI.create("http://127.0.0.1:" + server.port()));
      Reply reply =
          http.post(
              "/v1/models/tiny:predict",
              "{\"instances\":[{\"text\":\"so good\"},{\"text\":\"bad\"}]}");
      assertThat(reply.status()).isEqualTo(200);
      assertThat(reply.json().get("model").asText()).isEqualTo("tiny");
      assertThat(reply.json().get("model_version").asText()).isEqualTo("test-1");
      assertThat(reply.json().get("predictions").get(0).get("label").asText())
          .isEqualTo("positive");
      assertThat(reply.json().get("predictions").get(1).get("label").asText())
          .isEqualTo("negative");
      Reply metadata = http.get("/v1/models/tiny");
      assertThat(metadata.json().get("details").get("labels").toString())
          .isEqualTo("[\"negative\",\"neutral\",\"positive\"]");
    } finally {
      files.delete();
    }
  }
}
