package io.github.tweetsentiment.tools.train;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.tweetsentiment.service.features.SparseVector;
import io.github.tweetsentiment.service.linear.LinearHead;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

class LogisticRegressionTrainerTest {

  /** Three Gaussian blobs in 2-D, one per class, plus a constant feature. */
  private static List<SparseVector> blobs(int perClass, int[] labelsOut, Random random) {
    double[][] centers = {{-2, 0}, {0, 2}, {2, 0}};
    List<SparseVector> xs = new ArrayList<>();
    int i = 0;
    for (int c = 0; c < 3; c++) {
      for (int k = 0; k < perClass; k++) {
        float x = (float) (centers[c][0] + random.nextGaussian() * 0.5);
        float y = (float) (centers[c][1] + random.nextGaussian() * 0.5);
        xs.add(new SparseVector(new int[] {0, 1}, new float[] {x, y}));
        labelsOut[i++] = c;
      }
    }
    return xs;
  }

  @Test
  void fit_learnsSeparableClasses() {
    int[] labels = new int[300];
    List<SparseVector> xs = blobs(100, labels, new Random(1));
    try (LogisticRegressionTrainer trainer =
        new LogisticRegressionTrainer(
            xs, labels, 2, 3, LogisticRegressionTrainer.balancedClassWeights(labels, 3), 2)) {
      LogisticRegressionTrainer.Fit fit = trainer.fit(1e-4, null, 200, 1e-9, null);
      Evaluation eval =
          Evaluation.of(labels, HeadTrainer.argmax(HeadTrainer.linearLogits(fit.head(), xs)));
      assertThat(eval.accuracy()).isGreaterThan(0.97);
      double[] p = fit.head().probabilities(new SparseVector(new int[] {0, 1}, new float[] {2, 0}));
      assertThat(p[2]).isGreaterThan(0.9);
    }
  }

  @Test
  void fit_strongerL2_givesSmallerWeights() {
    int[] labels = new int[150];
    List<SparseVector> xs = blobs(50, labels, new Random(2));
    double[] weights = LogisticRegressionTrainer.balancedClassWeights(labels, 3);
    try (LogisticRegressionTrainer trainer =
        new LogisticRegressionTrainer(xs, labels, 2, 3, weights, 1)) {
      double weak = norm(trainer.fit(1e-4, null, 200, 1e-9, null).head());
      double strong = norm(trainer.fit(1.0, null, 200, 1e-9, null).head());
      assertThat(strong).isLessThan(weak / 5);
    }
  }

  @Test
  void fit_reachesTheOptimum_gradientOfL2OnlyProblemIsZeroAtZero() {
    // With every feature zero, the optimal weights are 0 and the biases the (weighted) log-priors.
    int[] labels = {0, 1, 1, 2, 2, 2};
    List<SparseVector> xs = new ArrayList<>();
    for (int i = 0; i < labels.length; i++) {
      xs.add(new SparseVector(new int[0], new float[0]));
    }
    try (LogisticRegressionTrainer trainer =
        new LogisticRegressionTrainer(xs, labels, 4, 3, new double[] {1, 1, 1}, 1)) {
      double[] p = trainer.fit(0.1, null, 100, 1e-12, null).head().probabilities(xs.get(0));
      assertThat(p[0]).isCloseTo(1 / 6.0, Offset.offset(1e-3));
      assertThat(p[1]).isCloseTo(2 / 6.0, Offset.offset(1e-3));
      assertThat(p[2]).isCloseTo(3 / 6.0, Offset.offset(1e-3));
    }
  }

  @Test
  void balancedClassWeights_equalizeClassMass() {
    double[] w = LogisticRegressionTrainer.balancedClassWeights(new int[] {0, 1, 1, 2, 2, 2}, 3);
    assertThat(w[0] * 1).isCloseTo(w[1] * 2, Offset.offset(1e-12));
    assertThat(w[1] * 2).isCloseTo(w[2] * 3, Offset.offset(1e-12));
    assertThat(w[0]).isCloseTo(2.0, Offset.offset(1e-12)); // 6 / (3 * 1)
  }

  private static double norm(LinearHead head) {
    double sum = 0;
    for (float w : head.weights()) {
      sum += w * w;
    }
    return Math.sqrt(sum);
  }
}
