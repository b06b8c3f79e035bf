package io.github.tweetsentiment.ingest;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The record command's progress, one line per event, for a person at a terminal: how many tweets
 * each poll found and how far back they reach, when the next poll is, and rate-limit waits. Times
 * are UTC, as the tweets' {@code created_at}.
 */
final class RecordProgress {
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneOffset.UTC);

  private final PrintWriter out;
  private final Clock clock;

  RecordProgress(PrintWriter out, Clock clock) {
    this.out = Objects.requireNonNull(out, "out");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  void started(PollSettings settings, Path file, int polls, Duration interval, Checkpoint from) {
    out.printf(
        "Recording '%s' to %s: %d poll(s)%s%n",
        settings.query(), file, polls, polls > 1 ? ", " + Env.format(interval) + " apart" : "");
    if (from == null) {
      out.printf(
          "No checkpoint yet: the first poll reads back %s (X_LOOKBACK)%n",
          Env.format(settings.lookback()));
    } else {
      out.printf(
          "Continuing after tweet %s%s%n",
          from.sinceId(),
          from.gaps().isEmpty() ? "" : ", with " + from.gaps().size() + " gap(s) to fill");
    }
    out.flush();
  }

  void polled(int poll, int polls, RunResult r) {
    StringBuilder line = new StringBuilder("Poll " + poll + "/" + polls + ": ");
    if (r.stop() == RunResult.Stop.PAUSED) {
      line.append("skipped, the X API rate limit resets at ").append(time(r.resumeAt()));
      println(line);
      return;
    }
    List<String> notes = new ArrayList<>();
    if (r.published() == 0) {
      line.append("no new tweets");
    } else {
      line.append(r.published()).append(" tweet(s) from ").append(r.pages()).append(" page(s)");
      if (r.gapPages() > 0) {
        line.append(" (").append(r.gapPages()).append(" in gaps)");
      }
      if (r.oldestCreatedAt() != null) {
        line.append(", created ")
            .append(time(r.oldestCreatedAt()))
            .append(" to ")
            .append(time(r.newestCreatedAt()))
            .append(" UTC (reaching ")
            .append(human(Duration.between(r.oldestCreatedAt(), clock.instant())))
            .append(" back)");
      }
    }
    switch (r.stop()) {
      case PAGE_CAP -> notes.add("stopped at X_MAX_PAGES");
      case TIME_BUDGET -> notes.add("stopped at INGEST_TIME_BUDGET");
      case RATE_LIMITED -> notes.add("rate limited until " + time(r.resumeAt()) + " UTC");
      case BUDGET ->
          notes.add(
              "read budget spent (X_POSTS_PER_DAY/MONTH, X_USERS_PER_DAY/MONTH) until "
                  + time(r.resumeAt())
                  + " UTC");
      default -> {}
    }
    if (r.gapsOpen() > 0) {
      notes.add(r.gapsOpen() + " gap(s) left for later polls");
    }
    if (r.gapsAbandoned() > 0) {
      notes.add(r.gapsAbandoned() + " gap(s) given up, see the warning");
    }
    if (!notes.isEmpty()) {
      line.append("; ").append(String.join("; ", notes));
    }
    println(line);
  }

  void waiting(Duration wait, boolean forRateLimit) {
    Instant next = clock.instant().plus(wait);
    println(
        new StringBuilder(forRateLimit ? "Waiting for the X API rate limit to reset: next" : "Next")
            .append(" poll at ")
            .append(time(next))
            .append(" UTC (in ")
            .append(human(wait))
            .append(")"));
  }

  /** Says that the read budget stops the recording, and until when. */
  void budgetSpent(Instant resumeAt) {
    println(
        "Stopping: the X API read budget is spent until "
            + time(resumeAt)
            + " UTC; raise X_POSTS_PER_DAY/MONTH (or X_USERS_PER_DAY/MONTH with X_EXPAND_AUTHORS)"
            + " to read on now (usage in the checkpoint's .usage.json)");
  }

  void done(int tweets, int polls, Path file) {
    println(
        new StringBuilder("Done: ")
            .append(tweets)
            .append(" tweet(s) from ")
            .append(polls)
            .append(" poll(s) appended to ")
            .append(file)
            .append(", each poll's oldest first"));
  }

  private void println(CharSequence line) {
    out.println(line);
    out.flush();
  }

  private static String time(Instant t) {
    return t == null ? "?" : TIME.format(t);
  }

  /** A duration the way a person says it: 45 s, 12 min, 3 h 5 min, 2 d 4 h. */
  static String human(Duration d) {
    long s = Math.max(0, d.toSeconds());
    if (s < 90) {
      return s + " s";
    }
    long min = Math.round(s / 60.0);
    if (min < 120) {
      return min + " min";
    }
    long h = min / 60;
    if (h < 48) {
      return h + " h" + (min % 60 == 0 ? "" : " " + min % 60 + " min");
    }
    return h / 24 + " d" + (h % 24 == 0 ? "" : " " + h % 24 + " h");
  }
}
