package io.github.tweetsentiment.tools.train;

import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

/** The loss of a training step computed in parallel parts, as the trainers share it. */
final class ParallelLoss {

  private ParallelLoss() {}

  /** Waits for every part and sums their losses in order; a failed part fails the step. */
  static double sum(List<Future<Double>> parts) {
    double loss = 0;
    try {
      for (Future<Double> part : parts) {
        loss += part.get();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("training interrupted", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("gradient computation failed", e.getCause());
    }
    return loss;
  }
}
