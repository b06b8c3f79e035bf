package io.github.tweetsentiment.pipeline.sink;

import com.google.api.services.bigquery.model.TableRow;
import java.io.Serializable;
import java.time.Instant;
import java.util.Locale;
import java.util.Objects;

/**
 * Which run wrote a row: the job's name, when it was launched, and whether it was the streaming job
 * or a backfill. A re-scored window or tweet is told from the streaming one by these, and the
 * {@code *_latest} views prefer the row of the latest run (docs/decisions/0073-backfill.md).
 *
 * @param runId the job name ({@code --jobName}; Beam makes one up when it is not given)
 * @param startedAt when the run was launched: every row of a run carries the same instant
 * @param mode {@link Mode#STREAMING} or {@link Mode#BACKFILL}
 */
public record RunInfo(String runId, Instant startedAt, Mode mode) implements Serializable {

  /** The two kinds of run, written lower case in the {@code run_mode} column. */
  public enum Mode {
    STREAMING,
    BACKFILL;

    public String columnValue() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  public RunInfo {
    Objects.requireNonNull(runId, "runId");
    Objects.requireNonNull(startedAt, "startedAt");
    Objects.requireNonNull(mode, "mode");
  }

  /** Sets {@code run_id}, {@code run_started_at} and {@code run_mode}. */
  public TableRow setOn(TableRow row) {
    return row.set("run_id", runId)
        .set("run_started_at", Rows.timestamp(startedAt))
        .set("run_mode", mode.columnValue());
  }
}
