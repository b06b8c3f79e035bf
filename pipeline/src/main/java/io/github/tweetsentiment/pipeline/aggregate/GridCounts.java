package io.github.tweetsentiment.pipeline.aggregate;

import io.github.tweetsentiment.core.PosteriorGrid;
import io.github.tweetsentiment.pipeline.coders.FieldInput;
import io.github.tweetsentiment.pipeline.coders.FieldOutput;
import java.io.IOException;
import java.util.Arrays;
import org.apache.beam.sdk.coders.CoderException;

/**
 * How many of a window's tweets had their calibrated probabilities in each {@link PosteriorGrid}
 * cell: a histogram of at most 66 counts whatever the window's size, from which the window's shares
 * can be estimated by EMQ. Empty when no tweet carried probabilities. Immutable.
 */
public final class GridCounts {

  /** No tweet counted. */
  public static final GridCounts EMPTY = new GridCounts(new long[0]);

  // Length 0 (empty) or PosteriorGrid.CELLS.
  private final long[] counts;

  private GridCounts(long[] counts) {
    this.counts = counts;
  }

  /** One tweet whose probabilities are {@code posterior} (negative, neutral, positive). */
  public static GridCounts of(double[] posterior) {
    long[] counts = new long[PosteriorGrid.CELLS];
    counts[PosteriorGrid.cell(posterior)] = 1;
    return new GridCounts(counts);
  }

  public GridCounts plus(GridCounts o) {
    if (o.counts.length == 0) {
      return this;
    }
    if (counts.length == 0) {
      return o;
    }
    long[] sum = counts.clone();
    for (int i = 0; i < sum.length; i++) {
      sum[i] += o.counts[i];
    }
    return new GridCounts(sum);
  }

  /** Tweets counted. */
  public long total() {
    long n = 0;
    for (long c : counts) {
      n += c;
    }
    return n;
  }

  /** The counts per cell as weights, in {@link PosteriorGrid} cell order. */
  public double[] weights() {
    double[] w = new double[PosteriorGrid.CELLS];
    for (int i = 0; i < counts.length; i++) {
      w[i] = counts[i];
    }
    return w;
  }

  /** The non-zero cells: their number, then each cell and its count. */
  static void write(FieldOutput out, GridCounts grid) throws IOException {
    long[] counts = grid.counts;
    int cells = 0;
    for (long c : counts) {
      cells += c != 0 ? 1 : 0;
    }
    out.varInt(cells);
    for (int i = 0; i < counts.length; i++) {
      if (counts[i] != 0) {
        out.varInt(i).varLong(counts[i]);
      }
    }
  }

  static GridCounts read(FieldInput in) throws IOException {
    int cells = in.varInt();
    if (cells == 0) {
      return EMPTY;
    }
    if (cells < 0 || cells > PosteriorGrid.CELLS) {
      throw new CoderException("a posterior grid of " + cells + " cells");
    }
    long[] counts = new long[PosteriorGrid.CELLS];
    for (int k = 0; k < cells; k++) {
      int cell = in.varInt();
      if (cell < 0 || cell >= PosteriorGrid.CELLS) {
        throw new CoderException("posterior grid cell " + cell + " out of range");
      }
      counts[cell] = in.varLong();
    }
    return new GridCounts(counts);
  }

  @Override
  public boolean equals(Object o) {
    // An all-zero histogram and the empty one count the same tweets: none.
    return o instanceof GridCounts g
        && (total() == 0 ? g.total() == 0 : Arrays.equals(counts, g.counts));
  }

  @Override
  public int hashCode() {
    return total() == 0 ? 0 : Arrays.hashCode(counts);
  }

  @Override
  public String toString() {
    return "GridCounts" + (counts.length == 0 ? "[]" : Arrays.toString(counts));
  }
}
