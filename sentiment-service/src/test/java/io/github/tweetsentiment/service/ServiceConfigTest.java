package io.github.tweetsentiment.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.tweetsentiment.core.SentimentLabel;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ServiceConfigTest {

  private static final String[] NO_FLAGS = {};

  @Test
  void from_emptyEnvironment_givesCloudRunDefaults() {
    ServiceConfig config = ServiceConfig.from(Map.of(), NO_FLAGS);
    assertThat(config.host()).isEqualTo("0.0.0.0");
    assertThat(config.port()).isEqualTo(8080);
    assertThat(config.model()).isEqualTo("accurate");
    assertThat(config.intraOpThreads()).isEqualTo(1);
    assertThat(config.maxConcurrentCalls()).isEqualTo(Runtime.getRuntime().availableProcessors());
    assertThat(config.limits().maxInstances()).isEqualTo(256);
    assertThat(config.limits().maxBodyBytes()).isEqualTo(1 << 20);
    assertThat(config.limits().maxTextChars()).isEqualTo(25_000);
    assertThat(config.onnx()).isNull();
  }

  @Test
  void from_environment_setsPortModelAndLimits() {
    ServiceConfig config =
        ServiceConfig.from(
            Map.of(
                "PORT", "9090",
                "SENTIMENT_MODEL", "fast",
                "SENTIMENT_INTRA_OP_THREADS", "2",
                "SENTIMENT_MAX_INSTANCES", "64"),
            NO_FLAGS);
    assertThat(config.port()).isEqualTo(9090);
    assertThat(config.model()).isEqualTo("fast");
    assertThat(config.intraOpThreads()).isEqualTo(2);
    assertThat(config.maxConcurrentCalls())
        .isEqualTo(Math.max(1, Runtime.getRuntime().availableProcessors() / 2));
    assertThat(config.limits().maxInstances()).isEqualTo(64);
  }

  @Test
  void from_flagsOverrideEnvironment() {
    ServiceConfig config =
        ServiceConfig.from(
            Map.of("PORT", "9090", "SENTIMENT_MODEL", "accurate"),
            new String[] {"--port", "7070", "--model=fast"});
    assertThat(config.port()).isEqualTo(7070);
    assertThat(config.model()).isEqualTo("fast");
  }

  @Test
  void from_flagsAreCamelCase_withOrWithoutEquals() {
    ServiceConfig config =
        ServiceConfig.from(
            Map.of("SENTIMENT_MAX_TEXT_CHARS", "50"),
            new String[] {"--maxTextChars=100", "--intraOpThreads", "2"});
    assertThat(config.limits().maxTextChars()).isEqualTo(100);
    assertThat(config.intraOpThreads()).isEqualTo(2);
    assertThatThrownBy(() -> ServiceConfig.from(Map.of(), new String[] {"--max-text-chars=100"}))
        .hasMessageContaining("unknown flag --max-text-chars")
        .hasMessageContaining("--maxTextChars");
  }

  @Test
  void from_onnxClassifier_isServedUnderTheModelName() {
    ServiceConfig config =
        ServiceConfig.from(
            Map.of(
                "SENTIMENT_MODEL", "roberta",
                "SENTIMENT_ONNX_MODEL", "/models/model.onnx",
                "SENTIMENT_ONNX_TOKENIZER", "/models/tokenizer.json",
                "SENTIMENT_ONNX_LABELS", "negative, neutral, positive",
                "SENTIMENT_ONNX_MAX_TOKENS", "256",
                "SENTIMENT_ONNX_NORMALIZE", "false"),
            NO_FLAGS);
    assertThat(config.onnx().name()).isEqualTo("roberta");
    assertThat(config.onnx().model()).isEqualTo(Path.of("/models/model.onnx"));
    assertThat(config.onnx().labels())
        .containsExactly(SentimentLabel.NEGATIVE, SentimentLabel.NEUTRAL, SentimentLabel.POSITIVE);
    assertThat(config.onnx().maxTokens()).isEqualTo(256);
    assertThat(config.onnx().normalize()).isFalse();
  }

  @Test
  void from_badValues_sayWhichVariableToFix() {
    assertThatThrownBy(() -> ServiceConfig.from(Map.of("PORT", "eighty"), NO_FLAGS))
        .hasMessageContaining("PORT")
        .hasMessageContaining("'eighty'");
    assertThatThrownBy(() -> ServiceConfig.from(Map.of("PORT", "70000"), NO_FLAGS))
        .hasMessageContaining("PORT must be in [0, 65535]");
    assertThatThrownBy(() -> ServiceConfig.from(Map.of(), new String[] {"--modle", "fast"}))
        .hasMessageContaining("unknown flag --modle");
    assertThatThrownBy(
            () ->
                ServiceConfig.from(
                    Map.of(
                        "SENTIMENT_ONNX_MODEL", "/m.onnx", "SENTIMENT_ONNX_TOKENIZER", "/t.json"),
                    NO_FLAGS))
        .hasMessageContaining("set SENTIMENT_MODEL to the name");
    assertThatThrownBy(
            () ->
                ServiceConfig.from(
                    Map.of("SENTIMENT_MODEL", "roberta", "SENTIMENT_ONNX_MODEL", "/m.onnx"),
                    NO_FLAGS))
        .hasMessageContaining("SENTIMENT_ONNX_TOKENIZER");
    assertThatThrownBy(
            () ->
                ServiceConfig.from(
                    Map.of(
                        "SENTIMENT_MODEL", "roberta",
                        "SENTIMENT_ONNX_MODEL", "/m.onnx",
                        "SENTIMENT_ONNX_TOKENIZER", "/t.json",
                        "SENTIMENT_ONNX_LABELS", "negative,happy"),
                    NO_FLAGS))
        .hasMessageContaining("unknown sentiment label 'happy'");
  }
}
