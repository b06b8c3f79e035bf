package io.github.tweetsentiment.ingest;

import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What the function has read (or holds reserved for a page in flight) in the current UTC day and
 * month: the counter a {@link ReadBudget} is checked against. Stored beside the checkpoints and
 * changed only in the store's atomic {@link CheckpointStore#updateUsage}, so runs that overlap
 * share one count.
 *
 * @param day the UTC day counted, {@code yyyy-MM-dd}
 * @param dayPosts posts read that day
 * @param dayUsers user objects read that day
 * @param month the UTC month counted, {@code yyyy-MM}
 * @param monthPosts posts read that month
 * @param monthUsers user objects read that month
 */
public record ReadUsage(
    String day, long dayPosts, long dayUsers, String month, long monthPosts, long monthUsers) {

  private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy-MM-dd");
  private static final DateTimeFormatter MONTH = DateTimeFormatter.ofPattern("yyyy-MM");

  public ReadUsage {
    Objects.requireNonNull(day, "day");
    Objects.requireNonNull(month, "month");
  }

  /** Nothing read yet in the day and month of {@code now}. */
  public static ReadUsage none(Instant now) {
    return new ReadUsage(dayOf(now), 0, 0, monthOf(now), 0, 0);
  }

  static String dayOf(Instant t) {
    return DAY.format(t.atZone(ZoneOffset.UTC));
  }

  static String monthOf(Instant t) {
    return MONTH.format(t.atZone(ZoneOffset.UTC));
  }

  /**
   * This usage in the periods of {@code now}: a new day or month starts from zero. A stored period
   * newer than {@code now}'s (another instance's clock a little ahead) is kept, never rolled back.
   */
  public ReadUsage at(Instant now) {
    String today = dayOf(now);
    String thisMonth = monthOf(now);
    boolean keepDay = day.compareTo(today) >= 0;
    boolean keepMonth = month.compareTo(thisMonth) >= 0;
    return new ReadUsage(
        keepDay ? day : today,
        keepDay ? dayPosts : 0,
        keepDay ? dayUsers : 0,
        keepMonth ? month : thisMonth,
        keepMonth ? monthPosts : 0,
        keepMonth ? monthUsers : 0);
  }

  /**
   * This usage as stored, field by field: the usage file and the Firestore usage document use the
   * same names, in this order.
   */
  Map<String, Object> fields() {
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("day", day);
    fields.put("day_posts", dayPosts);
    fields.put("day_users", dayUsers);
    fields.put("month", month);
    fields.put("month_posts", monthPosts);
    fields.put("month_users", monthUsers);
    return fields;
  }

  /** Posts the budget still allows in both periods. */
  public long postsLeft(ReadBudget budget) {
    return Math.max(
        0, Math.min(budget.postsPerDay() - dayPosts, budget.postsPerMonth() - monthPosts));
  }

  /** User objects the budget still allows in both periods. */
  public long usersLeft(ReadBudget budget) {
    return Math.max(
        0, Math.min(budget.usersPerDay() - dayUsers, budget.usersPerMonth() - monthUsers));
  }

  /**
   * When reading may resume once this usage has reached {@code budget}: the next UTC month when the
   * month's budget is what is spent, else the next UTC day.
   */
  public Instant resumesAt(ReadBudget budget, boolean countsUsers) {
    boolean monthSpent =
        budget.postsPerMonth() - monthPosts < SearchRequest.MIN_RESULTS
            || (countsUsers && budget.usersPerMonth() - monthUsers < SearchRequest.MIN_RESULTS);
    LocalDate next =
        monthSpent
            ? YearMonth.parse(month).plusMonths(1).atDay(1)
            : LocalDate.parse(day).plusDays(1);
    return next.atStartOfDay(ZoneOffset.UTC).toInstant();
  }

  /**
   * This usage with {@code posts} and {@code users} added (negative to give back) in the periods
   * that are still {@code day} and {@code month}: what a page reserved in a day that has since
   * ended was counted in that day, and is not taken off the new one.
   */
  public ReadUsage plusIn(String day, String month, long posts, long users) {
    boolean sameDay = this.day.equals(day);
    boolean sameMonth = this.month.equals(month);
    return new ReadUsage(
        this.day,
        sameDay ? Math.max(0, dayPosts + posts) : dayPosts,
        sameDay ? Math.max(0, dayUsers + users) : dayUsers,
        this.month,
        sameMonth ? Math.max(0, monthPosts + posts) : monthPosts,
        sameMonth ? Math.max(0, monthUsers + users) : monthUsers);
  }

  /**
   * This usage with {@code posts} and {@code users} added (negative to give back) in both periods.
   */
  public ReadUsage plus(long posts, long users) {
    return new ReadUsage(
        day,
        Math.max(0, dayPosts + posts),
        Math.max(0, dayUsers + users),
        month,
        Math.max(0, monthPosts + posts),
        Math.max(0, monthUsers + users));
  }
}
