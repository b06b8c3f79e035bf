package io.github.tweetsentiment.tools.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.github.tweetsentiment.core.Prediction;
import io.github.tweetsentiment.core.SentimentLabel;
import io.github.tweetsentiment.service.model.EncoderModel;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The committed encoder models keep their quality floors on the TweetEval validation split (the
 * figures in docs/model.md minus about a point), report what their weights achieve, and their
 * calibrated probabilities stay calibrated. An IT because it encodes 2,000 tweets (a minute or more
 * on two cores per model).
 */
class EncoderModelQualityIT {

  @ParameterizedTest
  @CsvSource({"accurate, 0.746", "best, 0.735"})
  void validation_meetsTheFloorAndIsCalibrated(String name, double floor) {
    LabelledSplit val = LabelledSplit.read(SharedData.tweetEvalOrSkip(), "val");
    try (EncoderModel model =
        EncoderModel.load(name, Math.max(1, Runtime.getRuntime().availableProcessors()))) {
      int n = val.size();
      int[] predicted = new int[n];
      double[][] probabilities = new double[n][];
      for (int from = 0; from < n; from += 32) {
        int to = Math.min(n, from + 32);
        List<Prediction> batch = model.predict(val.texts().subList(from, to));
        for (int i = from; i < to; i++) {
          Prediction p = batch.get(i - from);
          predicted[i] = p.label().ordinal();
          probabilities[i] = new double[SentimentLabel.values().length];
          for (SentimentLabel label : SentimentLabel.values()) {
            probabilities[i][label.ordinal()] = p.probabilities().get(label);
          }
        }
      }
      Evaluation eval = Evaluation.of(val.labelArray(), predicted);
      assertThat(eval.total()).isEqualTo(2000);
      assertThat(eval.macroRecall()).isGreaterThanOrEqualTo(floor);
      // What the service reports must be what the committed weights achieve.
      assertThat(model.metadata().validation().get("macro_recall"))
          .isCloseTo(eval.macroRecall(), within(1e-4));
      // The shipped temperature was fitted on this split: its ECE here is at most the 0.03 goal.
      assertThat(TemperatureScaling.expectedCalibrationError(probabilities, val.labelArray(), 15))
          .isLessThanOrEqualTo(0.03);
      assertThat(model.info().shareCorrection()).isNotNull();
    }
  }

  @ParameterizedTest
  @CsvSource({"accurate, 0.82"})
  void sentiment140_outOfSample_meetsTheFloor(String name, double floor) {
    // Measured 0.8349 for accurate (docs/model.md); nothing was chosen on these tweets.
    LabelledSplit s140 = LabelledSplit.readSentiment140(SharedData.sentiment140OrSkip());
    try (EncoderModel model =
        EncoderModel.load(name, Math.max(1, Runtime.getRuntime().availableProcessors()))) {
      Evaluation eval = Evaluation.of(model, s140, 32);
      assertThat(eval.total()).isEqualTo(498);
      assertThat(eval.macroRecall()).isGreaterThanOrEqualTo(floor);
    }
  }
}
