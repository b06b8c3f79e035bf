package io.github.tweetsentiment.tools.train;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.tweetsentiment.service.features.SparseVector;
import io.github.tweetsentiment.service.linear.LinearHead;
import java.util.ArrayList;
import java.util.List;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

class NaiveBayesScalingTest {

  /**
   * Feature 0 is dense; 1 appears in negative tweets only, 2 in every tweet, 3 in none, 4 twice in
   * one tweet (a hash collision).
   */
  private static List<SparseVector> tweets(int[] labels) {
    List<SparseVector> xs = new ArrayList<>();
    for (int i = 0; i < labels.length; i++) {
      List<Integer> idx = new ArrayList<>(List.of(0, 2));
      if (labels[i] == 0) {
        idx.add(1);
      }
      if (i == 0) {
        idx.add(4);
        idx.add(4);
      }
      int[] indices = idx.stream().mapToInt(Integer::intValue).toArray();
      float[] values = new float[indices.length];
      java.util.Arrays.fill(values, 0.5f);
      values[0] = -1.7f;
      xs.add(new SparseVector(indices, values));
    }
    return xs;
  }

  private static final int[] LABELS = {0, 0, 1, 1, 1, 2, 2, 2, 2, 0};

  @Test
  void aFeatureThatSplitsTheClasses_isScaledUp_oneThatDoesNot_barely() {
    float[] scale = NaiveBayesScaling.of(tweets(LABELS), LABELS, 3, 1, 5);

    assertThat(scale[0]).as("the dense block is left alone").isEqualTo(1f);
    assertThat(scale[1]).isGreaterThan(1f);
    assertThat(scale[1]).isGreaterThan(1.5f * scale[2]);
    // Seen nowhere: only the smoothing speaks, and it says little.
    assertThat(scale[3]).isLessThan(scale[1]);
  }

  @Test
  void theRatios_areWangAndManningsLogCountRatios() {
    // Feature 1, class negative: 3 of its tweets have it (+1), against none of the 7 others (+1).
    float[] scale = NaiveBayesScaling.of(tweets(LABELS), LABELS, 3, 1, 5);
    List<SparseVector> xs = tweets(LABELS);
    double[] inClass = new double[3];
    double[] outOfClass = new double[3];
    int[][] present = new int[3][5];
    for (int i = 0; i < xs.size(); i++) {
      for (int j : java.util.Arrays.stream(xs.get(i).indices()).distinct().toArray()) {
        if (j >= 1) {
          present[LABELS[i]][j]++;
        }
      }
    }
    for (int c = 0; c < 3; c++) {
      for (int j = 1; j < 5; j++) {
        int all = present[0][j] + present[1][j] + present[2][j];
        inClass[c] += present[c][j] + 1;
        outOfClass[c] += all - present[c][j] + 1;
      }
    }
    double negative = Math.log((3 + 1) / inClass[0]) - Math.log((0 + 1) / outOfClass[0]);
    double neutral = Math.log((0 + 1) / inClass[1]) - Math.log((3 + 1) / outOfClass[1]);
    double positive = Math.log((0 + 1) / inClass[2]) - Math.log((3 + 1) / outOfClass[2]);
    double largest = Math.max(Math.abs(negative), Math.max(Math.abs(neutral), Math.abs(positive)));

    assertThat((double) scale[1]).isCloseTo(largest, Offset.offset(1e-6));
  }

  @Test
  void theFoldedHead_onPlainFeatures_givesTheFittedHeadsLogitsOnScaledOnes() {
    List<SparseVector> xs = tweets(LABELS);
    float[] scale = NaiveBayesScaling.of(xs, LABELS, 3, 1, 5);
    float[] w = new float[15];
    for (int i = 0; i < w.length; i++) {
      w[i] = (float) Math.sin(i + 1);
    }
    LinearHead fitted = new LinearHead(5, 3, w, new float[] {0.1f, -0.2f, 0.3f});
    LinearHead served = NaiveBayesScaling.fold(fitted, scale);
    List<SparseVector> scaled = NaiveBayesScaling.apply(xs, scale);

    for (int i = 0; i < xs.size(); i++) {
      assertThat(served.logits(xs.get(i)))
          .containsExactly(fitted.logits(scaled.get(i)), Offset.offset(1e-5));
    }
    assertThat(fitted.weights()).as("the fitted head is not changed").containsExactly(w);
  }
}
