package io.github.tweetsentiment.ingest;

/**
 * X's pay-per-use prices for what the function reads, in US dollars, as docs/deploy.md gives them
 * (with the date they were checked and where to check them): used for the cost command's estimate
 * and the spend the function logs, never to bill anyone.
 */
final class XApiPrices {
  /** One post read (a post read twice in one UTC day is billed once; the function counts both). */
  static final double DOLLARS_PER_POST = 0.005;

  /** One user object read ({@code X_EXPAND_AUTHORS=true}). */
  static final double DOLLARS_PER_USER = 0.010;

  private XApiPrices() {}

  /** Dollars for {@code posts} and {@code users}. */
  static double cost(double posts, double users) {
    return posts * DOLLARS_PER_POST + users * DOLLARS_PER_USER;
  }
}
