package io.github.tweetsentiment.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PosteriorGridTest {

  @Test
  void theGridHas66Cells_eachCentreAPosterior_andEachPosteriorFallsInItsNearestCell() {
    Set<Integer> cells = new HashSet<>();
    for (int i = 0; i <= 10; i++) {
      for (int j = 0; i + j <= 10; j++) {
        double[] p = {i / 10.0, j / 10.0, (10 - i - j) / 10.0};
        int cell = PosteriorGrid.cell(p);
        cells.add(cell);
        double[] centre = PosteriorGrid.centre(cell);
        assertThat(centre[0] + centre[1] + centre[2]).isCloseTo(1.0, within(1e-12));
        assertThat(centre[0]).isCloseTo(p[0], within(2e-3));
        assertThat(centre[1]).isCloseTo(p[1], within(2e-3));
      }
    }
    assertThat(cells).hasSize(PosteriorGrid.CELLS).allMatch(c -> c >= 0 && c < 66);
    assertThat(PosteriorGrid.cell(new double[] {0.64, 0.31, 0.05}))
        .isEqualTo(PosteriorGrid.cell(new double[] {0.6, 0.3, 0.1}));
    // Rounding both up would leave the simplex: the neutral share gives way.
    assertThat(PosteriorGrid.centre(PosteriorGrid.cell(new double[] {0.55, 0.45, 0.0}))[0])
        .isCloseTo(0.6, within(2e-3));
  }

  @Test
  void emqOnTheGrid_isCloseToEmqOnTheExactPosteriors() {
    // A window of 200 tweets, half of one class: each tweet's posterior leans 0.6 to its class,
    // give or take 0.1, as a calibrated three-class model's would under a uniform prior.
    Random random = new Random(7);
    double[][] window = new double[200][];
    double[] counts = new double[PosteriorGrid.CELLS];
    for (int t = 0; t < window.length; t++) {
      int c = t < 100 ? 0 : t < 160 ? 1 : 2;
      double lean = 0.6 + (random.nextDouble() - 0.5) * 0.2;
      double[] p = {(1 - lean) / 2, (1 - lean) / 2, (1 - lean) / 2};
      p[c] = lean;
      window[t] = p;
      counts[PosteriorGrid.cell(window[t])]++;
    }
    double[] prior = {1 / 3.0, 1 / 3.0, 1 / 3.0};

    double[] exact = ShareEstimator.emq(window, prior);
    double[] grid = ShareEstimator.emq(PosteriorGrid.centres(), counts, prior);

    for (int c = 0; c < 3; c++) {
      assertThat(grid[c]).isCloseTo(exact[c], within(0.02));
    }
  }
}
