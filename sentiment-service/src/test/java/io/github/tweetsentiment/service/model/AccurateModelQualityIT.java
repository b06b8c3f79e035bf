package io.github.tweetsentiment.service.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.tweetsentiment.service.train.Evaluation;
import io.github.tweetsentiment.service.train.LabelledSplit;
import org.junit.jupiter.api.Test;

/**
 * The committed accurate model keeps its quality floor on the TweetEval validation split, and
 * reports what its weights achieve. An IT because it encodes 2,000 tweets (tens of seconds on two
 * cores).
 */
class AccurateModelQualityIT {

  @Test
  void validationMacroRecall_isAtLeast066() {
    LabelledSplit val = LabelledSplit.read(SharedData.tweetEvalOrSkip(), "val");
    try (EncoderModel model =
        EncoderModel.load(
            EncoderModel.ACCURATE, Math.max(1, Runtime.getRuntime().availableProcessors()))) {
      Evaluation eval = Evaluation.of(model, val, 32);
      assertThat(eval.total()).isEqualTo(2000);
      assertThat(eval.macroRecall()).isGreaterThanOrEqualTo(0.66);
      assertThat(model.info().details().get("validation"))
          .asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
          .containsKey("macro_recall");
    }
  }
}
