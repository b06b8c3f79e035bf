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
 * @param stop why paging stopped
 * @param checkpoint what happened to the checkpoint
 * @param pages pages read
 * @param published tweets published (and acknowledged)
 * @param partialErrors partial errors the API reported beside its data
 * @param sinceId the checkpoint the run started from; null on the first run
 * @param newestId the first page's newest id; null if nothing was found
 * @param resumeAt when the run was rate limited: when polling can resume
 * @param elapsed how long the run took
 */
public record RunResult(
    String query,
    Stop stop,
    CheckpointOutcome checkpoint,
    int pages,
    int published,
    int partialErrors,
    String sinceId,
    String newestId,
    Instant resumeAt,
    Duration elapsed) {

  /** Why paging stopped. */
  public enum Stop {
    /** The last page was read. */
    COMPLETE,
    /** {@code X_MAX_PAGES} pages were read; older results of this interval are skipped. */
    PAGE_CAP,
    /** A 429, or the rate limit's remaining count reached 0 with pages left. */
    RATE_LIMITED,
    /** The time budget ran out with pages left. */
    TIME_BUDGET,
    /** A previous run on this instance was rate limited and the window has not reset yet. */
    PAUSED
  }

  /** What happened to the checkpoint. */
  public enum CheckpointOutcome {
    /** Moved to {@code newestId}. */
    ADVANCED,
    /** Nothing new was found, or no call was made. */
    UNCHANGED,
    /** Paging was cut short: kept, so the next run reads the same interval again. */
    KEPT,
    /** Another run advanced it first: left as that run set it. */
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
    private int published;
    private int partialErrors;
    private String sinceId;
    private String newestId;
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
    Builder pageRead(int partialErrors) {
      pages++;
      this.partialErrors += partialErrors;
      return this;
    }

    Builder published(int published) {
      this.published = published;
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

    Builder resumeAt(Instant resumeAt) {
      this.resumeAt = resumeAt;
      return this;
    }

    int pages() {
      return pages;
    }

    RunResult build(Instant end) {
      return new RunResult(
          query,
          Objects.requireNonNull(stop, "stop"),
          checkpoint,
          pages,
          published,
          partialErrors,
          sinceId,
          newestId,
          resumeAt,
          Duration.between(start, end));
    }
  }

  /** The JSON summary the function answers with. */
  public ObjectNode toJson() {
    ObjectNode node = TweetJson.mapper().createObjectNode();
    node.put("status", stop == Stop.RATE_LIMITED || stop == Stop.PAUSED ? "rate_limited" : "ok");
    node.put("query", query);
    node.put("stop", stop.name().toLowerCase(Locale.ROOT));
    node.put("checkpoint", checkpoint.name().toLowerCase(Locale.ROOT));
    node.put("pages", pages);
    node.put("published", published);
    node.put("partial_errors", partialErrors);
    node.put("since_id", sinceId);
    node.put("newest_id", newestId);
    if (resumeAt != null) {
      node.put("resume_at", TweetJson.formatTimestamp(resumeAt));
    }
    node.put("elapsed_ms", elapsed.toMillis());
    return node;
  }
}
