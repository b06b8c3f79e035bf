package io.github.tweetsentiment.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class IngestConfigTest {

  static Map<String, String> minimal() {
    Map<String, String> env = new HashMap<>();
    env.put("X_BEARER_TOKEN", Pages.TOKEN);
    env.put("X_QUERY", "cats lang:en");
    env.put("PUBSUB_TOPIC", "projects/my-project/topics/tweets");
    return env;
  }

  static Map<String, String> with(String name, String value) {
    Map<String, String> env = minimal();
    if (value == null) {
      env.remove(name);
    } else {
      env.put(name, value);
    }
    return env;
  }

  @Test
  void fromEnvironment_appliesDefaults() {
    IngestConfig config = IngestConfig.fromEnvironment(minimal());

    PollSettings poll = config.poll();
    assertThat(poll.query()).isEqualTo("cats lang:en");
    assertThat(poll.apiBaseUrl().toString()).isEqualTo("https://api.x.com/");
    assertThat(poll.maxPages()).isEqualTo(10);
    assertThat(poll.timeBudget()).isEqualTo(Duration.ofSeconds(40));
    assertThat(poll.lookback()).isEqualTo(Duration.ofHours(1));
    assertThat(poll.expandAuthors()).isFalse();
    assertThat(poll.gapLimits()).isEqualTo(new PollSettings.GapLimits(20, Duration.ofDays(7)));
    assertThat(config.topic()).isEqualTo("projects/my-project/topics/tweets");
    assertThat(config.checkpoint())
        .isEqualTo(new IngestConfig.FirestoreSpec("my-project", "(default)", "ingest_checkpoints"));
  }

  @Test
  void fromEnvironment_readsEveryOption() {
    Map<String, String> env = minimal();
    env.put("X_API_BASE_URL", "http://127.0.0.1:9999");
    env.put("X_MAX_PAGES", "3");
    env.put("INGEST_TIME_BUDGET", "PT25S");
    env.put("X_LOOKBACK", "7d");
    env.put("X_EXPAND_AUTHORS", "true");
    env.put("X_MAX_GAPS", "5");
    env.put("X_GAP_MAX_AGE", "6h");
    env.put("CHECKPOINT_STORE", "firestore");
    env.put("FIRESTORE_PROJECT_ID", "other");
    env.put("FIRESTORE_DATABASE", "ingest");
    env.put("FIRESTORE_COLLECTION", "cps");

    IngestConfig config = IngestConfig.fromEnvironment(env);

    assertThat(config.poll().apiBaseUrl().port()).isEqualTo(9999);
    assertThat(config.poll().maxPages()).isEqualTo(3);
    assertThat(config.poll().timeBudget()).isEqualTo(Duration.ofSeconds(25));
    assertThat(config.poll().lookback()).isEqualTo(Duration.ofDays(7));
    assertThat(config.poll().expandAuthors()).isTrue();
    assertThat(config.poll().gapLimits())
        .isEqualTo(new PollSettings.GapLimits(5, Duration.ofHours(6)));
    assertThat(config.checkpoint())
        .isEqualTo(new IngestConfig.FirestoreSpec("other", "ingest", "cps"));
  }

  @Test
  void fromEnvironment_fileCheckpointStore() {
    IngestConfig config =
        IngestConfig.fromEnvironment(with("CHECKPOINT_STORE", "file:target/cp.json"));

    assertThat(config.checkpoint()).isEqualTo(new IngestConfig.FileSpec(Path.of("target/cp.json")));
  }

  @ParameterizedTest(name = "{0}={1}")
  @CsvSource(
      nullValues = "NULL",
      value = {
        "X_BEARER_TOKEN, NULL, missing",
        "X_BEARER_TOKEN, '   ', missing",
        "X_QUERY, NULL, missing",
        "PUBSUB_TOPIC, NULL, missing",
        "PUBSUB_TOPIC, tweets, projects/PROJECT_ID/topics/TOPIC_ID",
        "PUBSUB_TOPIC, projects/p/subscriptions/s, projects/PROJECT_ID/topics/TOPIC_ID",
        "X_API_BASE_URL, api.x.com, http(s) URL",
        "X_MAX_PAGES, abc, whole number",
        "X_MAX_PAGES, 0, between 1 and 100",
        "X_MAX_PAGES, 101, between 1 and 100",
        "INGEST_TIME_BUDGET, soon, duration",
        "INGEST_TIME_BUDGET, 2h, between",
        "X_LOOKBACK, 8d, between 1m and 7d",
        "X_EXPAND_AUTHORS, maybe, true or false",
        "X_MAX_GAPS, 0, between 1 and 100",
        "X_GAP_MAX_AGE, 8d, between 1m and 7d",
        "CHECKPOINT_STORE, redis, 'firestore' or 'file:<path>'",
        "CHECKPOINT_STORE, 'file:', 'firestore' or 'file:<path>'",
        "FIRESTORE_COLLECTION, a/b, without '/'",
      })
  void fromEnvironment_invalidValueNamesTheVariable(String name, String value, String hint) {
    ConfigException e =
        catchThrowableOfType(
            ConfigException.class, () -> IngestConfig.fromEnvironment(with(name, value)));

    assertThat(e.variable()).isEqualTo(name);
    assertThat(e.getMessage()).startsWith(name + ": ").contains(hint);
  }

  @Test
  void fromEnvironment_queryLongerThanAPubSubAttributeIsRejected() {
    ConfigException e =
        catchThrowableOfType(
            ConfigException.class,
            () -> IngestConfig.fromEnvironment(with("X_QUERY", "x".repeat(1025))));

    assertThat(e.variable()).isEqualTo("X_QUERY");
    assertThat(e.getMessage()).contains("1025 bytes");
  }

  @Test
  void bearerToken_withALineBreakIsRejectedWithoutShowingIt() {
    String bad = Pages.TOKEN + "\n";
    String inner = Pages.TOKEN.substring(0, 10) + " " + Pages.TOKEN.substring(10);

    ConfigException e =
        catchThrowableOfType(
            ConfigException.class,
            () -> IngestConfig.fromEnvironment(with("X_BEARER_TOKEN", inner)));

    assertThat(e.variable()).isEqualTo("X_BEARER_TOKEN");
    assertThat(e.getMessage()).contains("position 10").doesNotContain(Pages.TOKEN.substring(0, 10));
    // A trailing newline, as `echo` into a secret leaves, is stripped rather than refused.
    assertThat(IngestConfig.fromEnvironment(with("X_BEARER_TOKEN", bad)).poll().token())
        .isEqualTo(BearerToken.of(Pages.TOKEN, "X_BEARER_TOKEN"));
  }

  @Test
  void toStringAndDescribe_neverShowTheToken() {
    IngestConfig config = IngestConfig.fromEnvironment(minimal());

    assertThat(config.toString()).doesNotContain(Pages.TOKEN).contains("cats lang:en");
    assertThat(config.poll().toString()).doesNotContain(Pages.TOKEN);
    assertThat(config.poll().token().toString()).isEqualTo("BearerToken[redacted]");
    assertThat(config.describe()).doesNotContain(Pages.TOKEN);
  }

  @Test
  void parseDuration_acceptsShortAndIsoForms() {
    assertThat(Env.parseDuration("90s", "V")).isEqualTo(Duration.ofSeconds(90));
    assertThat(Env.parseDuration("15m", "V")).isEqualTo(Duration.ofMinutes(15));
    assertThat(Env.parseDuration("500ms", "V")).isEqualTo(Duration.ofMillis(500));
    assertThat(Env.parseDuration("PT1H", "V")).isEqualTo(Duration.ofHours(1));
    assertThat(Env.parseDuration("p7d", "V")).isEqualTo(Duration.ofDays(7));
    assertThat(Env.format(Duration.ofDays(7))).isEqualTo("7d");
    assertThat(Env.format(Duration.ofSeconds(90))).isEqualTo("90s");
  }
}
