package io.github.tweetsentiment.ingest;

/**
 * How much of the X API the function may read, per UTC day and per calendar month (UTC): posts, and
 * user objects when authors are expanded. X bills each post and each user object read (decision
 * 0085); a budget reached stops reading until the period ends.
 *
 * @param postsPerDay posts a UTC day ({@code X_POSTS_PER_DAY})
 * @param postsPerMonth posts a month ({@code X_POSTS_PER_MONTH})
 * @param usersPerDay user objects a UTC day ({@code X_USERS_PER_DAY})
 * @param usersPerMonth user objects a month ({@code X_USERS_PER_MONTH})
 */
public record ReadBudget(
    long postsPerDay, long postsPerMonth, long usersPerDay, long usersPerMonth) {

  /**
   * 5,000 posts a day and 50,000 a month ($25 and $250 at $0.005 a post); as many user objects ($50
   * and $500 at $0.010). Set at deploy to what the query needs (the cost command says).
   */
  public static final ReadBudget DEFAULT = new ReadBudget(5_000, 50_000, 5_000, 50_000);

  /** X's monthly cap on post reads for pay-per-use accounts. */
  public static final long MONTHLY_POST_CAP = 2_000_000;

  public ReadBudget {
    if (postsPerDay < 0 || postsPerMonth < 0 || usersPerDay < 0 || usersPerMonth < 0) {
      throw new IllegalArgumentException("a read budget is not negative");
    }
  }

  @Override
  public String toString() {
    return "posts/day="
        + postsPerDay
        + " posts/month="
        + postsPerMonth
        + " users/day="
        + usersPerDay
        + " users/month="
        + usersPerMonth;
  }
}
