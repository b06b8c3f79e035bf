package io.github.tweetsentiment.ingest;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.tweetsentiment.core.TweetJson;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Objects;

/**
 * What one run did: the function's response body and the record command's report.
 *
 * @param query the search query
 * @param stop why reading stopped
 * @param checkpoint what happened to the checkpoint
 * @param pages pages read, gaps included
 * @param gapPages of those, pages read in gaps left by earlier runs
 * @param published tweets published (and acknowledged): the posts read, which X bills
 * @param usersRead user objects read with them ({@code X_EXPAND_AUTHORS}), which X bills too
 * @param partialErrors partial errors the API reported beside its data
 * @param sinceId the checkpoint the run started from; null on the first run
 * @param newestId the newest id of the new tweets; null if none was found
 * @param gapsFilled gaps read to their end
 * @param gapsOpen gaps the checkpoint holds after the run
 * @param gapsAbandoned gaps (or their parts older than the limits) given up by this run
 * @param oldestCreatedAt the earliest {@code created_at} of the tweets published; null if none
 * @param newestCreatedAt the latest {@code created_at} of the tweets published; null if none
 * @param resumeAt when the run was rate limited or reached its read budget: when reading can resume
 * @param elapsed how long the run took
 */
public record RunResult(
    String query,
    Stop stop,
    CheckpointOutcome checkpoint,
    int pages,
    int gapPages,
    int published,
    int usersRead,
    int partialErrors,
    String sinceId,
    String newestId,
    int gapsFilled,
    int gapsOpen,
    int gapsAbandoned,
    Instant oldestCreatedAt,
    Instant newestCreatedAt,
    Instant resumeAt,
    Duration elapsed) {

  /** Why reading stopped. */
  public enum Stop {
    /** Every new tweet and every gap within reach was read. */
    COMPLETE,
    /** {@code X_MAX_PAGES} pages were read with more left: the rest is a gap for later runs. */
    PAGE_CAP,
    /** A 429, or the rate limit's remaining count reached 0 with pages left. */
    RATE_LIMITED,
    /** The time budget ran out with pages left. */
    TIME_BUDGET,
    /**
     * The X API failed after some pages were read: those are published and recorded, and the run
     * then fails.
     */
    X_API_ERROR,
    /** A previous run on this instance was rate limited and the window has not reset yet. */
    PAUSED,
    /**
     * The read budget of the UTC day or month is spent ({@code X_POSTS_PER_DAY}, ...): reading
     * resumes when the period ends, and what is unread is a gap.
     */
    BUDGET
  }

  /** What happened to the checkpoint. */
  public enum CheckpointOutcome {
    /** Moved on: a newer since_id, gaps read, recorded or given up. */
    ADVANCED,
    /** Nothing new was read and nothing given up, or no call was made. */
    UNCHANGED,
    /** Another run changed it first: left as that run set it. */
    CONFLICT
  }

  /** Starts the result of a run of {@code query} that began at {@code start}. */
  static Builder builder(String query, Instant start) {
    return new Builder(query, start);
  }

  /**
   * Collects what a run does as it goes; {@link #build} makes the one {@link RunResult}. Used by
   * one thread at a time.
   */
  static final class Builder {
    private final String query;
    private final Instant start;
    private Stop stop;
    private CheckpointOutcome checkpoint = CheckpointOutcome.UNCHANGED;
    private int pages;
    private int gapPages;
    private int published;
    private int usersRead;
    private int partialErrors;
    private String sinceId;
    private String newestId;
    private int gapsFilled;
    private int gapsOpen;
    private int gapsAbandoned;
    private Instant oldestCreatedAt;
    private Instant newestCreatedAt;
    private Instant resumeAt;

    private Builder(String query, Instant start) {
      this.query = Objects.requireNonNull(query, "query");
      this.start = Objects.requireNonNull(start, "start");
    }

    Builder stop(Stop stop) {
      this.stop = stop;
      return this;
    }

    Builder checkpoint(CheckpointOutcome checkpoint) {
      this.checkpoint = checkpoint;
      return this;
    }

    /** Counts one page read, with the partial errors it carried. */
    Builder pageRead(boolean inGap, int partialErrors) {
      pages++;
      gapPages += inGap ? 1 : 0;
      this.partialErrors += partialErrors;
      return this;
    }

    /** Counts one tweet queued for publishing. */
    Builder tweet(Instant createdAt) {
      published++;
      if (createdAt != null) {
        oldestCreatedAt =
            oldestCreatedAt == null || createdAt.isBefore(oldestCreatedAt)
                ? createdAt
                : oldestCreatedAt;
        newestCreatedAt =
            newestCreatedAt == null || createdAt.isAfter(newestCreatedAt)
                ? createdAt
                : newestCreatedAt;
      }
      return this;
    }

    /** Counts the user objects a page carried. */
    Builder usersRead(int users) {
      usersRead += users;
      return this;
    }

    Builder sinceId(String sinceId) {
      this.sinceId = sinceId;
      return this;
    }

    Builder newestId(String newestId) {
      this.newestId = newestId;
      return this;
    }

    Builder gapFilled() {
      gapsFilled++;
      return this;
    }

    Builder gapsOpen(int gapsOpen) {
      this.gapsOpen = gapsOpen;
      return this;
    }

    Builder gapAbandoned() {
      gapsAbandoned++;
      return this;
    }

    Builder resumeAt(Instant resumeAt) {
      this.resumeAt = resumeAt;
      return this;
    }

    int pages() {
      return pages;
    }

    int published() {
      return published;
    }

    RunResult build(Instant end) {
      return new RunResult(
          query,
          Objects.requireNonNull(stop, "stop"),
          checkpoint,
          pages,
          gapPages,
          published,
          usersRead,
          partialErrors,
          sinceId,
          newestId,
          gapsFilled,
          gapsOpen,
          gapsAbandoned,
          oldestCreatedAt,
          newestCreatedAt,
          resumeAt,
          Duration.between(start, end));
    }
  }

  /** The JSON summary the function answers with. */
  public ObjectNode toJson() {
    ObjectNode node = TweetJson.mapper().createObjectNode();
    node.put(
        "status",
        switch (stop) {
          case RATE_LIMITED, PAUSED -> "rate_limited";
          case BUDGET -> "budget_reached";
          default -> "ok";
        });
    node.put("query", query);
    node.put("stop", stop.name().toLowerCase(Locale.ROOT));
    node.put("checkpoint", checkpoint.name().toLowerCase(Locale.ROOT));
    node.put("pages", pages);
    node.put("gap_pages", gapPages);
    node.put("published", published);
    node.put("users_read", usersRead);
    node.put("partial_errors", partialErrors);
    node.put("since_id", sinceId);
    node.put("newest_id", newestId);
    node.put("gaps_filled", gapsFilled);
    node.put("gaps_open", gapsOpen);
    node.put("gaps_abandoned", gapsAbandoned);
    if (resumeAt != null) {
      node.put("resume_at", TweetJson.formatTimestamp(resumeAt));
    }
    node.put("elapsed_ms", elapsed.toMillis());
    return node;
  }
}
