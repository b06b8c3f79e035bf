package io.github.tweetsentiment.ingest;

import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * Polls the X API like the function does, but appends the envelopes to a JSONL file instead of
 * publishing them: how to record your own tweets for the pipeline's local run.
 *
 * <pre>
 * X_BEARER_TOKEN=... X_QUERY='(cats OR dogs) lang:en -is:retweet' \
 *   java -jar ingest-function/target/deploy/ingest-function.jar \
 *   --out recorded/tweets.jsonl --polls 5 --interval 60s
 * </pre>
 *
 * <p>{@code --help} lists the options. Progress goes to stdout as plain lines and warnings to
 * stderr ({@link TerminalLogging}), each poll's tweets to the file oldest first. Exit status: 0
 * done, 1 a poll failed, 2 bad usage or configuration.
 */
@Command(
    name = "record",
    sortOptions = false,
    sortSynopsis = false,
    usageHelpAutoWidth = true,
    description =
        "Polls the X API v2 recent search like the ingest function and appends one stream"
            + " envelope per tweet to a JSONL file, the input of the pipeline's local run.",
    footerHeading = "%nEnvironment:%n",
    footer = {
      "  X_BEARER_TOKEN, X_QUERY   required, as for the function",
      "  X_API_BASE_URL, X_MAX_PAGES, X_LOOKBACK, X_MAX_GAPS, X_GAP_MAX_AGE,",
      "  X_EXPAND_AUTHORS, INGEST_TIME_BUDGET, X_POSTS_PER_DAY, X_POSTS_PER_MONTH,",
      "  X_USERS_PER_DAY, X_USERS_PER_MONTH   optional, as for the function (the read",
      "  budget is counted in FILE.usage.json beside the checkpoint)",
      "%nExit status: 0 done, 1 a poll failed, 2 bad usage or configuration."
    })
public final class RecordCommand implements Callable<Integer> {
  private final Map<String, String> env;
  private final Sleeper sleeper;
  private final Clock clock;

  @Spec private CommandSpec spec;

  @Option(
      names = "--out",
      order = 1,
      required = true,
      paramLabel = "FILE",
      description = "JSONL file to append to (created with its folder)")
  private Path out;

  private int polls = 1;

  private Duration interval = Duration.ofSeconds(60);

  @Option(
      names = "--checkpoint",
      order = 4,
      paramLabel = "FILE",
      description =
          "local checkpoint, so the next invocation continues where this one stopped"
              + " (default: FILE.checkpoint.json beside --out)")
  private Path checkpoint;

  @Option(
      names = {"-h", "--help"},
      order = 5,
      usageHelp = true,
      description = "show this help and exit")
  private boolean help;

  RecordCommand(Map<String, String> env, Sleeper sleeper, Clock clock) {
    this.env = Objects.requireNonNull(env, "env");
    this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  @Option(
      names = "--polls",
      order = 2,
      paramLabel = "N",
      defaultValue = "1",
      description = "number of polls (default: ${DEFAULT-VALUE})")
  void polls(int value) {
    if (value < 1) {
      throw new ParameterException(
          spec.commandLine(), "--polls must be a whole number of at least 1, got " + value);
    }
    polls = value;
  }

  @Option(
      names = "--interval",
      order = 3,
      paramLabel = "DURATION",
      defaultValue = "60s",
      description =
          "pause between polls, such as 30s, 5m or PT1M (default: ${DEFAULT-VALUE}); longer"
              + " when rate limited: it waits for the reset")
  void interval(String value) {
    Duration d;
    try {
      d = Env.parseDuration(value, "--interval");
    } catch (ConfigException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
    if (d.isNegative()) {
      throw new ParameterException(spec.commandLine(), "--interval must not be negative");
    }
    interval = d;
  }

  public static void main(String[] args) {
    // Plain warnings on stderr for a person, not the function's Cloud Logging JSON.
    TerminalLogging.install(System.err);
    int status =
        run(args, System.getenv(), Sleeper.SYSTEM, Clock.systemUTC(), System.out, System.err);
    if (status != 0) {
      System.exit(status);
    }
  }

  /** Parses {@code args} and runs the command; returns the exit status. */
  static int run(
      String[] args,
      Map<String, String> env,
      Sleeper sleeper,
      Clock clock,
      PrintStream stdout,
      PrintStream stderr) {
    return CommandLines.execute(new RecordCommand(env, sleeper, clock), args, stdout, stderr);
  }

  @Override
  public Integer call() {
    PollSettings settings = CommandLines.pollSettings(spec, env);
    Path checkpointFile =
        checkpoint != null
            ? checkpoint
            : out.resolveSibling(out.getFileName() + ".checkpoint.json");
    PrintWriter err = spec.commandLine().getErr();
    RecordProgress progress = new RecordProgress(spec.commandLine().getOut(), clock);
    try (JsonlEnvelopeWriter writer = new JsonlEnvelopeWriter(out);
        FileCheckpointStore store = new FileCheckpointStore(checkpointFile)) {
      progress.started(settings, out, polls, interval, store.read(settings.query()).orElse(null));
      Ingester ingester = new Ingester(settings, XApiClient.create(settings), writer, store, clock);
      int total = 0;
      int done = 0;
      for (int poll = 1; poll <= polls; poll++) {
        RunResult result = ingester.run();
        total += result.published();
        done++;
        progress.polled(poll, polls, result);
        if (result.stop() == RunResult.Stop.BUDGET) {
          // Waiting for the next UTC day or month is not what a recording session is for.
          progress.budgetSpent(result.resumeAt());
          break;
        }
        if (poll < polls) {
          Duration wait = interval;
          Instant now = clock.instant();
          boolean rateLimited =
              result.resumeAt() != null && result.resumeAt().isAfter(now.plus(wait));
          if (rateLimited) {
            wait = Duration.between(now, result.resumeAt());
          }
          progress.waiting(wait, rateLimited);
          sleeper.sleep(wait);
        }
      }
      progress.done(total, done, out);
      return CommandLine.ExitCode.OK;
    } catch (XApiException | PublishException | CheckpointException e) {
      err.println("error: " + e.getMessage());
      return CommandLine.ExitCode.SOFTWARE;
    } catch (IOException e) {
      err.println("error: cannot open " + out + ": " + e.getMessage());
      return CommandLine.ExitCode.SOFTWARE;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      err.println("interrupted");
      return CommandLine.ExitCode.SOFTWARE;
    }
  }
}
