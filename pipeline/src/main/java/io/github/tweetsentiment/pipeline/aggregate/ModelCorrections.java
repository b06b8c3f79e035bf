package io.github.tweetsentiment.pipeline.aggregate;

import io.github.tweetsentiment.core.PosteriorGrid;
import io.github.tweetsentiment.core.ShareCorrection;
import io.github.tweetsentiment.core.ShareEstimator;
import io.github.tweetsentiment.inference.InferenceException;
import io.github.tweetsentiment.inference.ServedModel;
import io.github.tweetsentiment.pipeline.aggregate.SentimentStats.VersionPart;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The share corrections of the model versions a worker has seen, asked of the service the first
 * time a version appears and kept: a version's correction never changes, and the service only
 * describes the version it serves now. Not thread-safe: one per DoFn instance.
 *
 * <p>A window scored by several versions is corrected per version and summed: each version's part
 * (its counts or probability sums) becomes estimated true counts with that version's matrix. See
 * decision 0084.
 */
final class ModelCorrections {

  private static final Logger LOG = LoggerFactory.getLogger(ModelCorrections.class);

  private static final List<String> LABELS = List.of("negative", "neutral", "positive");

  /**
   * How often to ask when the service answers with another version: during a rollout Cloud Run
   * splits traffic between revisions, so a second or third answer may come from the other one.
   */
  static final int ASKS_PER_VERSION = 3;

  /** How long a version the service did not describe is not asked for again. */
  static final long ASK_AGAIN_AFTER_NANOS = 60_000_000_000L;

  private final Supplier<ServedModel> service;
  private final Runnable onUnavailable;
  private final Map<String, Optional<ShareCorrection>> known = new HashMap<>();
  private final Set<String> toldUnavailable = new HashSet<>();
  private final Map<String, Long> missingSince = new HashMap<>();
  private final LongSupplier nanoTime;
  private final ShareMethod method;

  private static final double[][] GRID_CENTRES = PosteriorGrid.centres();

  /**
   * @param service asks the service what it serves now; throws {@link InferenceException} when it
   *     does not answer (after the client's own waiting)
   * @param onUnavailable told of each window left uncorrected because a version's correction cannot
   *     be had now (not of one whose model ships none)
   * @param nanoTime the clock that spaces out asking again for a version the service did not
   *     describe
   * @param method how each version's part is estimated
   */
  ModelCorrections(
      Supplier<ServedModel> service,
      Runnable onUnavailable,
      LongSupplier nanoTime,
      ShareMethod method) {
    this.service = service;
    this.onUnavailable = onUnavailable;
    this.nanoTime = nanoTime;
    this.method = method;
  }

  /**
   * The estimated true shares of a window: each version's part corrected with that version's
   * correction, weighted by its tweets. Null when the window is empty, or a version that scored it
   * has no correction or one that cannot be had now (the row then carries raw shares only).
   */
  WindowSentiment.@Nullable Shares correct(SentimentStats stats) {
    if (stats.count() == 0) {
      return null;
    }
    double[] trueCounts = new double[LABELS.size()];
    for (VersionPart part : stats.parts()) {
      Optional<ShareCorrection> correction = correctionOf(part.version());
      if (correction == null) {
        onUnavailable.run();
        return null;
      }
      if (correction.isEmpty()) {
        return null;
      }
      ShareCorrection c = correction.get();
      double[] shares = estimate(c, part);
      for (int i = 0; i < shares.length; i++) {
        trueCounts[i] += shares[i] * part.count();
      }
    }
    for (int i = 0; i < trueCounts.length; i++) {
      trueCounts[i] /= stats.count();
    }
    return WindowSentiment.Shares.of(trueCounts);
  }

  /**
   * One version's shares: EMQ on its posterior grid when asked for and every tweet of the part
   * carried probabilities, with the prior the correction's matrix was calibrated to; else the
   * correction itself.
   */
  private double[] estimate(ShareCorrection c, VersionPart part) {
    if (method == ShareMethod.EMQ && c.usesProbabilities() && part.grid().total() == part.count()) {
      return ShareEstimator.emq(GRID_CENTRES, part.grid().weights(), calibrationPrior(c));
    }
    return c.correct(c.usesProbabilities() ? part.probabilitySums() : part.counts());
  }

  /**
   * The mean posterior over the validation tweets the correction was measured on: each true class's
   * mean probabilities ({@code matrix[t]}) weighted by how many tweets of it there were.
   */
  static double[] calibrationPrior(ShareCorrection c) {
    double[][] m = c.matrix();
    long[] n = c.validationCounts();
    double total = 0;
    double[] prior = new double[m[0].length];
    for (int t = 0; t < m.length; t++) {
      total += n[t];
      for (int j = 0; j < prior.length; j++) {
        prior[j] += n[t] * m[t][j];
      }
    }
    for (int j = 0; j < prior.length; j++) {
      prior[j] = Math.max(prior[j] / total, 1e-6);
    }
    return prior;
  }

  /**
   * The version's correction (empty when it ships none), or null when it cannot be had now. A
   * failure to ask is not remembered, so a service that was down is asked again for the next pane.
   */
  private @Nullable Optional<ShareCorrection> correctionOf(String version) {
    Optional<ShareCorrection> found = known.get(version);
    if (found != null) {
      return found;
    }
    if (version.contains(",")) {
      // Totals a job wrote before it kept each version's part (SentimentStatsCoder v3): several
      // versions' counts in one, which no single correction fits.
      return null;
    }
    Long missing = missingSince.get(version);
    if (missing != null && nanoTime.getAsLong() - missing < ASK_AGAIN_AFTER_NANOS) {
      return null;
    }
    String served = null;
    for (int ask = 0; ask < ASKS_PER_VERSION; ask++) {
      ServedModel model;
      try {
        model = service.get();
      } catch (InferenceException e) {
        LOG.warn(
            "No share correction for model version '{}' yet ({}): windows get raw shares until the"
                + " service answers",
            version,
            e.getMessage());
        return null;
      }
      served = model.version() == null ? "" : model.version();
      known.computeIfAbsent(served, v -> usable(v, model.shareCorrection()));
      if (served.equals(version)) {
        return known.get(served);
      }
    }
    missingSince.put(version, nanoTime.getAsLong());
    if (toldUnavailable.add(version)) {
      LOG.warn(
          "The service now serves model version '{}', not '{}': panes with tweets scored by '{}'"
              + " get raw shares only (its correction was never asked for on this worker; asked again"
              + " at most once a minute)",
          served,
          version,
          version);
    }
    return null;
  }

  private static Optional<ShareCorrection> usable(
      String version, @Nullable ShareCorrection correction) {
    if (correction == null) {
      LOG.warn("Model version '{}' has no share_correction: its windows get raw shares", version);
      return Optional.empty();
    }
    if (!correction.labels().equals(LABELS)) {
      LOG.warn(
          "Model version '{}''s share correction is over {}, not {}: its windows get raw shares",
          version,
          correction.labels(),
          LABELS);
      return Optional.empty();
    }
    return Optional.of(correction);
  }
}
