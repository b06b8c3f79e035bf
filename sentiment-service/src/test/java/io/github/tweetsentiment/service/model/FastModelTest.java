package io.github.tweetsentiment.service.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.tweetsentiment.core.Prediction;
import io.github.tweetsentiment.core.SentimentLabel;
import java.util.List;
import org.junit.jupiter.api.Test;

class FastModelTest {

  @Test
  void load_readsTheCommittedHead() {
    try (FastModel model = FastModel.load()) {
      assertThat(model.info().name()).isEqualTo("fast");
      assertThat(model.info().version()).matches("\\d{4}-\\d{2}-\\d{2}\\.[0-9a-f]{8}");
      assertThat(model.metadata().features().ngrams()).isNotNull();
      assertThat(model.metadata().trainingExamples()).isEqualTo(45_615);
    }
  }

  @Test
  void predict_clearCases() {
    List<Prediction> p =
        predict(
            "I absolutely love this, best day ever :)",
            "worst movie ever, I hate it, terrible",
            "");
    assertThat(p).hasSize(3);
    assertThat(p.get(0).label()).isEqualTo(SentimentLabel.POSITIVE);
    assertThat(p.get(1).label()).isEqualTo(SentimentLabel.NEGATIVE);
    assertThat(p.get(0).model()).isEqualTo("fast");
  }

  @Test
  void predict_appliesTheNormalization() {
    List<Prediction> p =
        predict(
            "@someone can’t wait for https://t.co/xyz &amp; more",
            "@user can't wait for http & more");
    assertThat(p.get(0).probabilities()).isEqualTo(p.get(1).probabilities());
  }

  /** The committed fast model's predictions, from a model loaded for them and closed. */
  private static List<Prediction> predict(String... texts) {
    try (FastModel model = FastModel.load()) {
      return model.predict(List.of(texts));
    }
  }
}
