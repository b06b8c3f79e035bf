package io.github.tweetsentiment.pipeline.aggregate;

/** How a window's estimated true shares are computed from its totals (decision 0086). */
public enum ShareMethod {
  /**
   * Expectation maximisation of the priors on the window's posterior grid, with the prior the
   * model's probabilities are calibrated to (its mean validation posterior, from the share
   * correction); the shipped correction where the window's tweets carried no probabilities.
   */
  EMQ,
  /** The model's shipped share correction (PACC or ACC) applied to the window's sums. */
  CORRECTION
}
