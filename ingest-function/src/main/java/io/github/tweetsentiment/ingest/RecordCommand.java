package io.github.tweetsentiment.ingest;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Polls the X API like the function does, but appends the envelopes to a JSONL file instead of
 * publishing them: how to record your own tweets for the pipeline's local run.
 *
 * <pre>
 * X_BEARER_TOKEN=... X_QUERY='(cats OR dogs) lang:en -is:retweet' \
 *   java -cp ingest-function/target/deploy/ingest-function.jar \
 *   io.github.tweetsentiment.ingest.RecordCommand --out recorded/tweets.jsonl --polls 5 --interval 60s
 * </pre>
 *
 * <p>Options: {@code --out FILE} (required; appended to), {@code --polls N} (default 1), {@code
 * --interval DURATION} between polls (default 60s), {@code --checkpoint FILE} (default {@code
 * FILE.checkpoint.json}; the next invocation continues where this one stopped). The X_* variables
 * and INGEST_TIME_BUDGET are read as by the function; PUBSUB_TOPIC and CHECKPOINT_STORE are not
 * used. Exit status: 0 done, 1 a poll failed, 2 bad usage or configuration.
 */
public final class RecordCommand {
  private static final Logger log = LoggerFactory.getLogger(RecordCommand.class);

  static final String USAGE =
      "usage: RecordCommand --out FILE [--polls N] [--interval 60s] [--checkpoint FILE]\n"
          + "  environment: X_BEARER_TOKEN, X_QUERY (required); X_API_BASE_URL, X_MAX_PAGES,\n"
          + "  X_LOOKBACK, X_EXPAND_AUTHORS, INGEST_TIME_BUDGET (optional)";

  /** Parsed command-line options. */
  record Options(Path out, int polls, Duration interval, Path checkpoint) {
    static Options parse(String[] args) {
      Path out = null;
      Path checkpoint = null;
      int polls = 1;
      Duration interval = Duration.ofSeconds(60);
      for (int i = 0; i < args.length; i++) {
        String arg = args[i];
        if (arg.equals("--help") || arg.equals("-h")) {
          throw new ConfigException("--help", "");
        }
        if (i + 1 >= args.length) {
          throw new ConfigException(arg, "needs a value");
        }
        String value = args[++i];
        switch (arg) {
          case "--out" -> out = Path.of(value);
          case "--checkpoint" -> checkpoint = Path.of(value);
          case "--polls" -> {
            try {
              polls = Integer.parseInt(value);
            } catch (NumberFormatException e) {
              polls = -1;
            }
            if (polls < 1) {
              throw new ConfigException("--polls", "must be a whole number >= 1, got " + value);
            }
          }
          case "--interval" -> {
            interval = Env.parseDuration(value, "--interval");
            if (interval.isNegative()) {
              throw new ConfigException("--interval", "must not be negative");
            }
          }
          default -> throw new ConfigException(arg, "unknown option");
        }
      }
      if (out == null) {
        throw new ConfigException("--out", "missing: the JSONL file to append envelopes to");
      }
      if (checkpoint == null) {
        checkpoint = out.resolveSibling(out.getFileName() + ".checkpoint.json");
      }
      return new Options(out, polls, interval, checkpoint);
    }
  }

  private RecordCommand() {}

  public static void main(String[] args) {
    int status = run(args, System.getenv(), Sleeper.SYSTEM, System.err);
    if (status != 0) {
      System.exit(status);
    }
  }

  /** Runs the command; returns the exit status. */
  static int run(String[] args, Map<String, String> env, Sleeper sleeper, PrintStream err) {
    Options options;
    PollSettings settings;
    try {
      options = Options.parse(args);
      settings = PollSettings.fromEnvironment(env);
    } catch (ConfigException e) {
      if (!e.variable().equals("--help")) {
        err.println("error: " + e.getMessage());
      }
      err.println(USAGE);
      return 2;
    }
    Clock clock = Clock.systemUTC();
    try (JsonlEnvelopeWriter writer = new JsonlEnvelopeWriter(options.out());
        FileCheckpointStore store = new FileCheckpointStore(options.checkpoint())) {
      Ingester ingester = new Ingester(settings, XApiClient.create(settings), writer, store, clock);
      int total = 0;
      for (int poll = 1; poll <= options.polls(); poll++) {
        RunResult result = ingester.run();
        total += result.published();
        log.atInfo()
            .addKeyValue("poll", poll)
            .addKeyValue("recorded", result.published())
            .addKeyValue("file", options.out().toString())
            .log("Poll {}/{}: {} envelope(s) appended", poll, options.polls(), result.published());
        if (poll < options.polls()) {
          Duration wait = options.interval();
          Instant now = clock.instant();
          if (result.resumeAt() != null && result.resumeAt().isAfter(now.plus(wait))) {
            wait = Duration.between(now, result.resumeAt());
          }
          sleeper.sleep(wait);
        }
      }
      log.atInfo()
          .addKeyValue("recorded", total)
          .log("Recorded {} envelope(s) to {}", total, options.out());
      return 0;
    } catch (XApiException | PublishException | CheckpointException e) {
      err.println("error: " + e.getMessage());
      return 1;
    } catch (IOException e) {
      err.println("error: cannot open " + options.out() + ": " + e.getMessage());
      return 1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      err.println("interrupted");
      return 1;
    }
  }
}
