package io.github.tweetsentiment.ingest;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a checkpoint's gaps within {@link PollSettings.GapLimits}: what recent search can still
 * reach (7 days), the configured age and the configured number. A gap, or the part of one, that has
 * to be given up is logged as a WARNING with its range and {@code event=gap_abandoned} (which a
 * log-based metric counts) and counted in the run's {@code gaps_abandoned}: never dropped silently.
 */
final class GapLimiter {
  /** The value of the {@code event} log field of every gap given up. */
  static final String ABANDONED_EVENT = "gap_abandoned";

  private static final Logger LOG = LoggerFactory.getLogger(GapLimiter.class);

  private final String query;
  private final PollSettings.GapLimits limits;

  GapLimiter(String query, PollSettings.GapLimits limits) {
    this.query = Objects.requireNonNull(query, "query");
    this.limits = Objects.requireNonNull(limits, "limits");
  }

  /**
   * The gaps whose tweets are still within reach at {@code now}: a gap entirely older than the
   * reach is given up; one that starts before it is cut to start at the reach (a start_time), and
   * its older part is given up.
   */
  List<Gap> withinReach(List<Gap> gaps, Instant now, RunResult.Builder result) {
    Instant reach = reach(now);
    // Whole seconds, inclusive: the API's start_time format.
    Instant startTime = reach.truncatedTo(ChronoUnit.SECONDS).plusSeconds(1);
    List<Gap> kept = new ArrayList<>();
    for (Gap gap : gaps) {
      Instant to = gap.to();
      Instant from = gap.from();
      if (to != null && !to.isAfter(startTime)) {
        abandon(gap, null, "its tweets are older than " + reachDescription(), result);
      } else if (from != null && from.isBefore(startTime)) {
        abandon(gap, startTime, "that part is older than " + reachDescription(), result);
        kept.add(Gap.from(startTime, gap.untilId(), gap.recordedAt()));
      } else {
        kept.add(gap);
      }
    }
    return kept;
  }

  /** {@code gaps} (newest first) without the oldest ones beyond {@code X_MAX_GAPS}. */
  List<Gap> withinNumber(List<Gap> gaps, RunResult.Builder result) {
    List<Gap> kept = new ArrayList<>(gaps);
    while (kept.size() > limits.maxGaps()) {
      abandon(
          kept.remove(kept.size() - 1),
          null,
          "more than X_MAX_GAPS=" + limits.maxGaps() + " gaps are open and it is the oldest",
          result);
    }
    return kept;
  }

  /** The oldest creation time a gap's tweets may have at {@code now}. */
  Instant reach(Instant now) {
    Instant api = now.minus(PollSettings.MAX_LOOKBACK).plus(Ingester.WINDOW_MARGIN);
    Instant configured = now.minus(limits.maxAge());
    return configured.isAfter(api) ? configured : api;
  }

  private String reachDescription() {
    return limits.maxAge().compareTo(PollSettings.MAX_LOOKBACK) >= 0
        ? "recent search reaches back (7 days)"
        : "X_GAP_MAX_AGE=" + Env.format(limits.maxAge());
  }

  /** Logs and counts giving up {@code gap}, or its part created before {@code upTo}. */
  private void abandon(Gap gap, Instant upTo, String why, RunResult.Builder result) {
    result.gapAbandoned();
    String what =
        upTo == null
            ? "the gap " + gap.describe()
            : "the part before " + upTo + " of the gap " + gap.describe();
    LOG.atWarn()
        .addKeyValue("event", ABANDONED_EVENT)
        .addKeyValue("query", query)
        .addKeyValue("gap_since_id", gap.sinceId())
        .addKeyValue("gap_start_time", gap.startTime() == null ? null : gap.startTime().toString())
        .addKeyValue("gap_until_id", upTo == null ? gap.untilId() : null)
        .addKeyValue("gap_end_time", upTo == null ? null : upTo.toString())
        .addKeyValue("gap_recorded_at", String.valueOf(gap.recordedAt()))
        .log("Gave up unread tweets, {}: {}; they are not published", what, why);
  }
}
