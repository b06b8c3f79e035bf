package io.github.tweetsentiment.ingest;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
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
 * What polling {@code X_QUERY} would cost, before deploying: asks X's recent counts endpoint once
 * for the posts that matched per day over the last days, and prints posts and dollars per day at
 * X's pay-per-use prices, and what the read budget would cut.
 *
 * <pre>
 * X_BEARER_TOKEN=... X_QUERY='(cats OR dogs) lang:en -is:retweet' \
 *   java -cp ingest-function/target/deploy/ingest-function.jar \
 *   io.github.tweetsentiment.ingest.CostCommand --days 7
 * </pre>
 *
 * <p>Exit status: 0 done, 1 the API refused or failed, 2 bad usage or configuration.
 */
@Command(
    name = "cost",
    sortOptions = false,
    usageHelpAutoWidth = true,
    description =
        "Asks the X API v2 recent counts endpoint (one billed request, no post read) how many posts"
            + " matched X_QUERY per day, and prints what reading them costs at pay-per-use prices"
            + " and what the read budget would cut.",
    footerHeading = "%nEnvironment:%n",
    footer = {
      "  X_BEARER_TOKEN, X_QUERY   required, as for the function",
      "  X_API_BASE_URL, X_EXPAND_AUTHORS, X_POSTS_PER_DAY, X_POSTS_PER_MONTH,",
      "  X_USERS_PER_DAY, X_USERS_PER_MONTH   optional, as for the function",
      "%nExit status: 0 done, 1 the API refused or failed, 2 bad usage or configuration."
    })
public final class CostCommand implements Callable<Integer> {

  private final Map<String, String> env;
  private final Clock clock;

  @Spec private CommandSpec spec;

  private int days = 7;

  @Option(
      names = {"-h", "--help"},
      usageHelp = true,
      description = "show this help and exit")
  private boolean help;

  CostCommand(Map<String, String> env, Clock clock) {
    this.env = Objects.requireNonNull(env, "env");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  @Option(
      names = "--days",
      paramLabel = "N",
      defaultValue = "7",
      description = "how many days back to count, 1 to 7 (default: ${DEFAULT-VALUE})")
  void days(int value) {
    if (value < 1 || value > 7) {
      throw new ParameterException(
          spec.commandLine(), "--days must be 1 to 7 (recent counts reach 7 days), got " + value);
    }
    days = value;
  }

  public static void main(String[] args) {
    TerminalLogging.install(System.err);
    int status = run(args, System.getenv(), Clock.systemUTC(), System.out, System.err);
    if (status != 0) {
      System.exit(status);
    }
  }

  /** Parses {@code args} and runs the command; returns the exit status. */
  static int run(
      String[] args, Map<String, String> env, Clock clock, PrintStream stdout, PrintStream stderr) {
    return CommandLines.execute(new CostCommand(env, clock), args, stdout, stderr);
  }

  @Override
  public Integer call() {
    PollSettings settings = CommandLines.pollSettings(spec, env);
    PrintWriter out = spec.commandLine().getOut();
    Instant now = clock.instant();
    // Just inside the 7 days, in whole seconds as the API wants them.
    Instant start =
        now.minus(Duration.ofDays(days))
            .plus(Ingester.WINDOW_MARGIN)
            .truncatedTo(ChronoUnit.SECONDS);
    List<XApiClient.DayCount> counts;
    try {
      counts =
          XApiClient.create(settings, clock)
              .countsPerDay(settings.query(), start, now.plus(Duration.ofSeconds(60)));
    } catch (XApiException e) {
      spec.commandLine().getErr().println("error: " + e.getMessage());
      return CommandLine.ExitCode.SOFTWARE;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      spec.commandLine().getErr().println("interrupted");
      return CommandLine.ExitCode.SOFTWARE;
    }
    print(out, settings, counts);
    return CommandLine.ExitCode.OK;
  }

  private static void print(
      PrintWriter out, PollSettings settings, List<XApiClient.DayCount> counts) {
    ReadBudget budget = settings.budget();
    boolean users = settings.expandAuthors();
    out.println("Query: " + settings.query());
    out.println("Posts that matched, per UTC day (X's recent counts, one request, no post read):");
    out.printf(Locale.ROOT, "  %-24s %12s %12s %14s%n", "from", "posts", "cost", "budget reads");
    long total = 0;
    Duration covered = Duration.ZERO;
    // With authors expanded a post brings up to one user object: the user budgets bound it too.
    long perDayCap =
        users ? Math.min(budget.postsPerDay(), budget.usersPerDay()) : budget.postsPerDay();
    long perMonthCap =
        users ? Math.min(budget.postsPerMonth(), budget.usersPerMonth()) : budget.postsPerMonth();
    for (XApiClient.DayCount day : counts) {
      long read = Math.min(day.posts(), perDayCap);
      out.printf(
          Locale.ROOT,
          "  %-24s %,12d %12s %,14d%n",
          day.start().atZone(ZoneOffset.UTC).toLocalDateTime() + "Z",
          day.posts(),
          dollars(cost(day.posts(), users)),
          read);
      total += day.posts();
      covered = covered.plus(Duration.between(day.start(), day.end()));
    }
    if (covered.isZero()) {
      out.println("No interval counted: nothing to estimate.");
      return;
    }
    double perDay = total * (double) Duration.ofDays(1).toSeconds() / covered.toSeconds();
    double perMonth = perDay * 30;
    out.printf(
        Locale.ROOT,
        "Per day: %,.0f posts, %s (posts at $%.3f%s)%n",
        perDay,
        dollars(cost(perDay, users)),
        XApiPrices.DOLLARS_PER_POST,
        users ? ", plus up to one user object a post at $" + XApiPrices.DOLLARS_PER_USER : "");
    out.printf(
        Locale.ROOT,
        "Per 30 days: %,.0f posts, %s; X caps post reads at %,d a month%s%n",
        perMonth,
        dollars(cost(perMonth, users)),
        ReadBudget.MONTHLY_POST_CAP,
        perMonth > ReadBudget.MONTHLY_POST_CAP
            ? String.format(
                Locale.ROOT, " (reached after %.1f days)", ReadBudget.MONTHLY_POST_CAP / perDay)
            : "");
    double readPerDay = Math.min(perDay, perDayCap);
    double readPerMonth = Math.min(readPerDay * 30, perMonthCap);
    out.printf(
        Locale.ROOT,
        "With the read budget (X_POSTS_PER_DAY=%d, X_POSTS_PER_MONTH=%d%s): %,.0f posts a day,"
            + " %,.0f in 30 days, at most %s a month; %.0f %% of the matching posts are left"
            + " unread%s%n",
        budget.postsPerDay(),
        budget.postsPerMonth(),
        users
            ? ", X_USERS_PER_DAY="
                + budget.usersPerDay()
                + ", X_USERS_PER_MONTH="
                + budget.usersPerMonth()
            : "",
        readPerDay,
        readPerMonth,
        dollars(cost(readPerMonth, users)),
        perMonth == 0 ? 0.0 : 100 * (1 - readPerMonth / perMonth),
        readPerDay * 30 > perMonthCap && readPerDay > 0
            ? String.format(
                Locale.ROOT,
                " (the month's budget is spent after %.1f days)",
                perMonthCap / readPerDay)
            : "");
  }

  /** Dollars for {@code posts}, with one user object a post when authors are expanded. */
  static double cost(double posts, boolean users) {
    return XApiPrices.cost(posts, users ? posts : 0);
  }

  private static String dollars(double d) {
    return String.format(Locale.ROOT, "$%,.2f", d);
  }
}
