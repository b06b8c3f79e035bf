package io.github.tweetsentiment.service.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.tweetsentiment.core.Prediction;
import io.github.tweetsentiment.core.SentimentLabel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The operator plug-in path, end to end: a real tokenizer.json and a real ONNX file whose logits
 * are known ({@link OnnxTestFiles}).
 */
class OnnxSequenceClassifierTest {

  static OnnxTestFiles files;
  static Path dir;
  static Path model;
  static Path tokenizer;

  @BeforeAll
  static void writeModel() {
    files = OnnxTestFiles.create();
    dir = files.dir();
    model = files.model();
    tokenizer = files.tokenizer();
  }

  @AfterAll
  static void deleteModel() {
    files.delete();
  }

  static OnnxClassifierConfig config(String labels, boolean normalize) {
    return new OnnxClassifierConfig(
        "tiny", model, tokenizer, OnnxClassifierConfig.parseLabels(labels), 64, normalize, null);
  }

  @Test
  void predict_softmaxOfTheModelsLogits() {
    try (OnnxSequenceClassifier classifier =
        OnnxSequenceClassifier.load(config("negative,neutral,positive", true), 1)) {
      List<Prediction> p = classifier.predict(List.of("this is GOOD", "so bad", "a table"));

      // "this is good": [CLS] + good = logits [0, 1, 3]
      double z = Math.exp(0) + Math.exp(1) + Math.exp(3);
      assertThat(p.get(0).label()).isEqualTo(SentimentLabel.POSITIVE);
      assertThat(p.get(0).probability(SentimentLabel.POSITIVE))
          .isCloseTo(Math.exp(3) / z, Offset.offset(1e-6));
      assertThat(p.get(0).probability(SentimentLabel.NEUTRAL))
          .isCloseTo(Math.exp(1) / z, Offset.offset(1e-6));
      assertThat(p.get(1).label()).isEqualTo(SentimentLabel.NEGATIVE);
      assertThat(p.get(2).label()).isEqualTo(SentimentLabel.NEUTRAL);
      assertThat(p.get(0).model()).isEqualTo("tiny");
      assertThat(p.get(0).modelVersion()).matches("sha256-[0-9a-f]{12}");
    }
  }

  @Test
  void predict_paddingInABatchDoesNotChangeScores() {
    try (OnnxSequenceClassifier classifier =
        OnnxSequenceClassifier.load(config("negative,neutral,positive", true), 1)) {
      Prediction alone = classifier.predict(List.of("good")).get(0);
      Prediction inBatch =
          classifier
              .predict(List.of("a much longer text that pads the batch out a lot", "good"))
              .get(1);
      assertThat(inBatch.probabilities()).isEqualTo(alone.probabilities());
    }
  }

  @Test
  void labels_mapLogitsInTheConfiguredOrder() {
    try (OnnxSequenceClassifier classifier =
        OnnxSequenceClassifier.load(config("positive,neutral,negative", true), 1)) {
      assertThat(classifier.predict(List.of("good")).get(0).label())
          .isEqualTo(SentimentLabel.NEGATIVE);
    }
  }

  @Test
  void normalize_appliesTweetEvalPreprocessing() {
    try (OnnxSequenceClassifier classifier =
        OnnxSequenceClassifier.load(config("negative,neutral,positive", true), 1)) {
      assertThat(
              classifier.predict(List.of("@somebody good https://t.co/x")).get(0).probabilities())
          .isEqualTo(classifier.predict(List.of("@user good http")).get(0).probabilities());
    }
  }

  @Test
  void load_wrongLabelCount_saysWhatToFix() {
    assertThatThrownBy(() -> OnnxSequenceClassifier.load(config("negative,positive", true), 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("outputs 3 logits but 2 labels");
  }

  @Test
  void load_missingFile_namesIt() {
    OnnxClassifierConfig missing =
        new OnnxClassifierConfig(
            "tiny",
            dir.resolve("nope.onnx"),
            tokenizer,
            List.of(SentimentLabel.NEGATIVE, SentimentLabel.POSITIVE),
            64,
            true,
            null);
    assertThatThrownBy(() -> OnnxSequenceClassifier.load(missing, 1))
        .hasMessageContaining("nope.onnx")
        .hasMessageContaining("does not exist");
  }

  @Test
  void load_notAnOnnxFile_isAClearError() throws IOException {
    Path junk = Files.writeString(dir.resolve("junk.onnx"), "not a model");
    OnnxClassifierConfig bad =
        new OnnxClassifierConfig(
            "tiny",
            junk,
            tokenizer,
            OnnxClassifierConfig.parseLabels("negative,neutral,positive"),
            64,
            true,
            "v1");
    assertThatThrownBy(() -> OnnxSequenceClassifier.load(bad, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("ONNX Runtime cannot load");
  }
}
