package io.github.tweetsentiment.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The read counter's UTC periods: roll-over, no roll-back, when reading resumes, give-backs. */
class ReadUsageTest {
  static final ReadBudget BUDGET = new ReadBudget(1_000, 10_000, 500, 5_000);

  private static ReadUsage usage(String day, long dayPosts, String month, long monthPosts) {
    return new ReadUsage(day, dayPosts, dayPosts / 2, month, monthPosts, monthPosts / 2);
  }

  @Test
  void aNewDayStartsItsCountFromZero_aNewMonthBoth_andAStoredNewerPeriodIsKept() {
    ReadUsage stored = usage("2026-11-30", 800, "2026-11", 9_000);

    assertThat(stored.at(Instant.parse("2026-11-30T23:59:59Z"))).isEqualTo(stored);
    assertThat(stored.at(Instant.parse("2026-12-01T00:00:00Z")))
        .isEqualTo(new ReadUsage("2026-12-01", 0, 0, "2026-12", 0, 0));
    ReadUsage nextDay =
        usage("2026-11-29", 800, "2026-11", 9_000).at(Instant.parse("2026-11-30T08:00:00Z"));
    assertThat(nextDay).isEqualTo(new ReadUsage("2026-11-30", 0, 0, "2026-11", 9_000, 4_500));
    // Another instance's clock a second ahead already wrote the new day: not rolled back.
    ReadUsage ahead = usage("2026-12-01", 100, "2026-12", 100);
    assertThat(ahead.at(Instant.parse("2026-11-30T23:59:59Z"))).isEqualTo(ahead);
  }

  @Test
  void readingResumes_theNextDay_orTheNextMonthWhenTheMonthIsSpent() {
    assertThat(usage("2026-12-31", 1_000, "2026-12", 5_000).resumesAt(BUDGET, false))
        .isEqualTo(Instant.parse("2027-01-01T00:00:00Z"));
    assertThat(usage("2026-12-07", 1_000, "2026-12", 5_000).resumesAt(BUDGET, false))
        .isEqualTo(Instant.parse("2026-12-08T00:00:00Z"));
    assertThat(usage("2026-12-07", 995, "2026-12", 9_995).resumesAt(BUDGET, false))
        .isEqualTo(Instant.parse("2027-01-01T00:00:00Z"));
    // User objects count only when authors are expanded: 4,997 of 5,000 users this month.
    ReadUsage users = new ReadUsage("2026-12-07", 10, 10, "2026-12", 100, 4_997);
    assertThat(users.resumesAt(BUDGET, true)).isEqualTo(Instant.parse("2027-01-01T00:00:00Z"));
    assertThat(users.resumesAt(BUDGET, false)).isEqualTo(Instant.parse("2026-12-08T00:00:00Z"));
  }

  @Test
  void whatAPageDidNotUse_isGivenBackOnlyInThePeriodsItWasCountedIn() {
    // 100 reserved on the 25th, 3 read; given back on the 26th, where another run reserved 100.
    ReadUsage newDay = new ReadUsage("2026-11-26", 100, 0, "2026-11", 400, 0);

    ReadUsage after = newDay.plusIn("2026-11-25", "2026-11", -97, 0);

    assertThat(after.dayPosts()).isEqualTo(100);
    assertThat(after.monthPosts()).isEqualTo(303);
    assertThat(newDay.plusIn("2026-11-26", "2026-11", -97, 0).dayPosts()).isEqualTo(3);
    assertThat(newDay.plusIn("2026-11-26", "2026-11", -500, 0).dayPosts()).isZero();
  }

  @Test
  void whatIsLeft_isTheSmallerOfTheDaysAndTheMonths() {
    assertThat(usage("2026-12-07", 900, "2026-12", 9_950).postsLeft(BUDGET)).isEqualTo(50);
    assertThat(usage("2026-12-07", 990, "2026-12", 100).postsLeft(BUDGET)).isEqualTo(10);
    assertThat(usage("2026-12-07", 1_200, "2026-12", 100).postsLeft(BUDGET)).isZero();
  }
}
