package io.github.tweetsentiment.tools.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

class EvaluationTest {

  @Test
  void metrics_matchHandComputedValues() {
    // gold:      0 0 0 0 1 1 2 2 2 2
    // predicted: 0 0 1 2 1 1 2 2 2 0
    int[] gold = {0, 0, 0, 0, 1, 1, 2, 2, 2, 2};
    int[] predicted = {0, 0, 1, 2, 1, 1, 2, 2, 2, 0};
    Evaluation e = Evaluation.of(gold, predicted);

    assertThat(e.confusion()[0]).containsExactly(2, 1, 1);
    assertThat(e.confusion()[1]).containsExactly(0, 2, 0);
    assertThat(e.confusion()[2]).containsExactly(1, 0, 3);
    assertThat(e.recall(0)).isEqualTo(0.5);
    assertThat(e.recall(1)).isEqualTo(1.0);
    assertThat(e.recall(2)).isEqualTo(0.75);
    assertThat(e.macroRecall()).isCloseTo((0.5 + 1.0 + 0.75) / 3, Offset.offset(1e-12));
    assertThat(e.accuracy()).isEqualTo(0.7);
    // precision: 2/3, 2/3, 3/4
    double f0 = 2 * (2 / 3.0) * 0.5 / (2 / 3.0 + 0.5);
    double f1 = 2 * (2 / 3.0) * 1.0 / (2 / 3.0 + 1.0);
    double f2 = 0.75;
    assertThat(e.macroF1()).isCloseTo((f0 + f1 + f2) / 3, Offset.offset(1e-12));
    assertThat(e.report()).contains("macro-recall 0.7500").contains("negative");
  }

  @Test
  void of_rejectsMisalignedInputs() {
    assertThatThrownBy(() -> Evaluation.of(new int[2], new int[3]))
        .hasMessageContaining("2 gold labels but 3 predictions");
  }
}
