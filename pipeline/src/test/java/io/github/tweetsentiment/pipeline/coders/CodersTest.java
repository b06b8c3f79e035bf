package io.github.tweetsentiment.pipeline.coders;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.tweetsentiment.core.MatchingRule;
import io.github.tweetsentiment.core.Prediction;
import io.github.tweetsentiment.core.PublicMetrics;
import io.github.tweetsentiment.core.SentimentLabel;
import io.github.tweetsentiment.core.Tweet;
import io.github.tweetsentiment.pipeline.aggregate.SentimentStats;
import io.github.tweetsentiment.pipeline.aggregate.WindowSentiment;
import io.github.tweetsentiment.pipeline.deadletter.DeadLetter;
import io.github.tweetsentiment.pipeline.parse.IncomingTweet;
import io.github.tweetsentiment.pipeline.read.RawMessage;
import io.github.tweetsentiment.pipeline.scoring.ScoredTweetEvent;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.CoderException;
import org.apache.beam.sdk.testing.CoderProperties;
import org.apache.beam.sdk.util.CoderUtils;
import org.junit.jupiter.api.Test;

/**
 * Every coder of the pipeline: round trips (optional fields absent and present, emoji, very long
 * text), determinism, consistency with equals, serializability, and the format version guard.
 */
class CodersTest {

  private static final Instant CREATED = Instant.parse("2026-11-24T18:00:03.120Z");
  private static final String EMOJI =
      "Rivertown 2-1 \uD83C\uDF89\uD83D\uDD25 \u00e9t\u00e9 \u4e2d\u6587";
  private static final String LONG_TEXT = "\uD83D\uDE00 long ".repeat(150_000);

  static Tweet minimalTweet() {
    return Tweet.of("1", "hi", null);
  }

  static Tweet fullTweet(String text) {
    return new Tweet(
        "2125288349388326139",
        text,
        CREATED,
        "2094269673",
        "rivertown_fan",
        "Rivertown Fan \u26bd",
        "en",
        "2125288349388326000",
        List.of("retweeted", "quoted"),
        new PublicMetrics(1L, null, 3L, 0L, null, 193L),
        List.of("derby"),
        List.of("millbrook"),
        List.of("https://rivertownfc.example/live"));
  }

  static Map<String, String> attributes() {
    // Insertion order differs from key order on purpose.
    Map<String, String> a = new LinkedHashMap<>();
    a.put("tweet_id", "2125288349388326139");
    a.put("created_at", "2026-11-24T18:00:03.120Z");
    a.put("query", "rivertown OR millbrook");
    a.put("odd \u00e9 key=", "value with \n newline");
    return a;
  }

  static IncomingTweet incoming(Tweet tweet) {
    return new IncomingTweet(
        tweet,
        "rivertown OR millbrook",
        List.of(new MatchingRule("1", "rivertown"), new MatchingRule(null, null)),
        attributes(),
        "m-1",
        Instant.parse("2026-11-24T18:00:04Z"));
  }

  static Prediction prediction() {
    Map<SentimentLabel, Double> p = new EnumMap<>(SentimentLabel.class);
    p.put(SentimentLabel.NEGATIVE, 0.1);
    p.put(SentimentLabel.NEUTRAL, 0.2);
    p.put(SentimentLabel.POSITIVE, 0.7);
    return new Prediction(SentimentLabel.POSITIVE, 0.7, p, "accurate", "2026-11-25.abc");
  }

  /** Round trip in both contexts, equal encodings for equal values, consistent with equals. */
  private static <T> void behaves(Coder<T> coder, T value, T equalCopy) throws Exception {
    CoderProperties.coderDecodeEncodeEqual(coder, value);
    CoderProperties.coderDeterministic(coder, value, equalCopy);
    CoderProperties.coderConsistentWithEquals(coder, value, equalCopy);
    CoderProperties.structuralValueConsistentWithEquals(coder, value, equalCopy);
    CoderProperties.structuralValueDecodeEncodeEqual(coder, value);
    CoderProperties.coderSerializable(coder);
    coder.verifyDeterministic();
  }

  @Test
  void tweet_withEveryOptionalFieldAbsentOrPresent_emojiAndVeryLongText() throws Exception {
    behaves(TweetCoder.of(), minimalTweet(), minimalTweet());
    behaves(TweetCoder.of(), fullTweet(EMOJI), fullTweet(EMOJI));
    behaves(TweetCoder.of(), fullTweet(LONG_TEXT), fullTweet(LONG_TEXT));
    assertThat(CoderUtils.clone(TweetCoder.of(), fullTweet(LONG_TEXT)).text())
        .hasSize(LONG_TEXT.length());
  }

  @Test
  void prediction_withAndWithoutProbabilities() throws Exception {
    behaves(PredictionCoder.of(), prediction(), prediction());
    Prediction bare = new Prediction(SentimentLabel.NEUTRAL, 1.0, Map.of(), null, null);
    behaves(
        PredictionCoder.of(), bare, new Prediction(SentimentLabel.NEUTRAL, 1.0, null, null, null));
  }

  @Test
  void rawMessage_fromPubsubAndFromARecording() throws Exception {
    byte[] gzip = {(byte) 0x1f, (byte) 0x8b, 0, (byte) 0xff};
    Map<String, String> reordered = new HashMap<>(attributes());
    behaves(
        RawMessage.RawMessageCoder.of(),
        RawMessage.fromPubsub(gzip, attributes(), "m-1", CREATED),
        RawMessage.fromPubsub(gzip.clone(), reordered, "m-1", CREATED));
    behaves(
        RawMessage.RawMessageCoder.of(),
        RawMessage.fromRecording(EMOJI, "r.jsonl", 7),
        RawMessage.fromRecording(EMOJI, "r.jsonl", 7));
    behaves(
        RawMessage.RawMessageCoder.of(),
        new RawMessage(new byte[0], Map.of(), null, null),
        new RawMessage(null, null, null, null));
  }

  @Test
  void incomingTweet_minimalAndFull() throws Exception {
    behaves(
        IncomingTweet.IncomingTweetCoder.of(),
        incoming(fullTweet(EMOJI)),
        incoming(fullTweet(EMOJI)));
    IncomingTweet minimal =
        new IncomingTweet(Tweet.of("5", "x", CREATED), null, null, null, null, null);
    behaves(
        IncomingTweet.IncomingTweetCoder.of(),
        minimal,
        new IncomingTweet(Tweet.of("5", "x", CREATED), "", List.of(), Map.of(), null, null));
  }

  @Test
  void scoredTweet_sentimentStats_andWindowSentiment() throws Exception {
    ScoredTweetEvent scored =
        new ScoredTweetEvent(incoming(fullTweet(LONG_TEXT)), prediction(), CREATED);
    behaves(
        ScoredTweetEvent.ScoredTweetEventCoder.of(),
        scored,
        new ScoredTweetEvent(incoming(fullTweet(LONG_TEXT)), prediction(), CREATED));
    SentimentStats stats = new SentimentStats(3, 0, 9_000_000_000L, 2.5, -0.25);
    behaves(
        SentimentStats.SentimentStatsCoder.of(),
        stats,
        new SentimentStats(3, 0, 9_000_000_000L, 2.5, -0.25));
    behaves(
        SentimentStats.SentimentStatsCoder.of(),
        SentimentStats.EMPTY,
        new SentimentStats(0, 0, 0, 0, 0));
    WindowSentiment w =
        new WindowSentiment(
            CREATED, CREATED.plusSeconds(60), EMOJI, stats, "EARLY", 3, false, CREATED);
    behaves(
        WindowSentiment.WindowSentimentCoder.of(),
        w,
        new WindowSentiment(
            CREATED, CREATED.plusSeconds(60), EMOJI, stats, "EARLY", 3, false, CREATED));
    WindowSentiment.Shares shares = new WindowSentiment.Shares(0.25, 0.5, 0.25);
    behaves(
        WindowSentiment.WindowSentimentCoder.of(),
        w.withCorrected(shares),
        new WindowSentiment(
            CREATED, CREATED.plusSeconds(60), EMOJI, stats, "EARLY", 3, false, CREATED, shares));
  }

  @Test
  void deadLetter_withAndWithoutOptionalFields() throws Exception {
    RawMessage message =
        RawMessage.fromPubsub(new byte[] {(byte) 0xc3, 0x28}, attributes(), "m", CREATED);
    DeadLetter full =
        DeadLetter.of(DeadLetter.Stage.SCORE, new IllegalStateException(EMOJI), message, "12");
    behaves(
        DeadLetter.DeadLetterCoder.of(),
        full,
        CoderUtils.clone(DeadLetter.DeadLetterCoder.of(), full));
    DeadLetter bare =
        new DeadLetter(
            CREATED, DeadLetter.Stage.PARSE, null, null, null, null, null, null, null, null);
    behaves(
        DeadLetter.DeadLetterCoder.of(),
        bare,
        new DeadLetter(
            CREATED,
            DeadLetter.Stage.PARSE,
            null,
            null,
            null,
            new byte[0],
            Map.of(),
            null,
            null,
            null));
  }

  @Test
  void unreadableFile() throws Exception {
    DeadLetter file =
        DeadLetter.unreadableFile(
            "gs://archive/tweets/2026/11/01/05_00Z " + EMOJI + ".avro",
            Long.MAX_VALUE,
            new IllegalStateException("ends inside a block"));
    behaves(
        DeadLetter.DeadLetterCoder.of(),
        file,
        CoderUtils.clone(DeadLetter.DeadLetterCoder.of(), file));
  }

  @Test
  void equalValues_encodeEqually_whateverTheirMapOrder() throws Exception {
    Map<String, String> reversed = new LinkedHashMap<>();
    List<String> keys = List.copyOf(attributes().keySet());
    for (int i = keys.size() - 1; i >= 0; i--) {
      reversed.put(keys.get(i), attributes().get(keys.get(i)));
    }
    byte[] a =
        CoderUtils.encodeToByteArray(
            RawMessage.RawMessageCoder.of(),
            RawMessage.fromPubsub(new byte[1], attributes(), "m", null));
    byte[] b =
        CoderUtils.encodeToByteArray(
            RawMessage.RawMessageCoder.of(),
            RawMessage.fromPubsub(new byte[1], reversed, "m", null));
    assertThat(a).isEqualTo(b);
  }

  /** Window totals of model version v7, as the golden encodings below hold them. */
  private static final SentimentStats STATS_OF_V7 =
      new SentimentStats(1, 2, 3, 0.5, -0.5, 0.25, 2.5, 3.25, "v7");

  /**
   * Window totals decoded from their encoding (URL-safe base64), as a job being updated reads them.
   */
  private static SentimentStats decodeStats(String base64) throws CoderException {
    return CoderUtils.decodeFromByteArray(
        SentimentStats.SentimentStatsCoder.of(), java.util.Base64.getUrlDecoder().decode(base64));
  }

  @Test
  void theFormat_isPinned_soAChangeBumpsTheVersion() throws Exception {
    // Version 1, "1", "hi", no created_at, five absent strings, an empty list (a four-byte
    // count), no metrics, three empty lists.
    CoderProperties.coderEncodesBase64(
        TweetCoder.of(), minimalTweet(), "AQExAmhpAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");
    CoderProperties.coderEncodesBase64(
        SentimentStats.SentimentStatsCoder.of(),
        STATS_OF_V7,
        "BQECAz_gAAAAAAAAv-AAAAAAAAA_0AAAAAAAAEAEAAAAAAAAQAoAAAAAAAABAnY3AAA");
  }

  @Test
  void sentimentStatsOfVersionFour_decodeWithoutAPosteriorGrid() throws Exception {
    SentimentStats decoded =
        decodeStats("BAECAz_gAAAAAAAAv-AAAAAAAAA_0AAAAAAAAEAEAAAAAAAAQAoAAAAAAAABAnY3AA");

    assertThat(decoded).isEqualTo(STATS_OF_V7);
    assertThat(decoded.grid().total()).isZero();
  }

  @Test
  void sentimentStatsWithPosteriors_keepTheirGridThroughTheCoder() throws Exception {
    SentimentStats stats =
        SentimentStats.of(
                io.github.tweetsentiment.core.Prediction.fromProbabilities(
                    new double[] {0.7, 0.2, 0.1}, "fast", "v1"))
            .plus(
                SentimentStats.of(
                    io.github.tweetsentiment.core.Prediction.fromProbabilities(
                        new double[] {0.1, 0.1, 0.8}, "fast", "v2")));

    SentimentStats decoded = CoderUtils.clone(SentimentStats.SentimentStatsCoder.of(), stats);

    assertThat(decoded).isEqualTo(stats);
    assertThat(decoded.grid().total()).isEqualTo(2);
    assertThat(decoded.parts()).allSatisfy(p -> assertThat(p.grid().total()).isEqualTo(1));
  }

  @Test
  void sentimentStatsOfVersionThree_decodeWithoutVersionParts() throws Exception {
    SentimentStats decoded =
        decodeStats("AwECAz_gAAAAAAAAv-AAAAAAAAA_0AAAAAAAAEAEAAAAAAAAQAoAAAAAAAABAnY3");

    assertThat(decoded).isEqualTo(STATS_OF_V7);
    assertThat(decoded.parts()).hasSize(1);
  }

  @Test
  void sentimentStatsOfTwoModelVersions_keepEachVersionsPart() throws Exception {
    SentimentStats mixed =
        new SentimentStats(1, 0, 0, 0.9, -0.9, 0.9, 0.1, 0, "v1")
            .plus(new SentimentStats(0, 2, 0, 1.6, 0, 0.2, 1.6, 0.2, "v2"));

    SentimentStats decoded = CoderUtils.clone(SentimentStats.SentimentStatsCoder.of(), mixed);

    assertThat(decoded).isEqualTo(mixed);
    assertThat(decoded.parts())
        .extracting(SentimentStats.VersionPart::version, SentimentStats.VersionPart::count)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("v1", 1L),
            org.assertj.core.groups.Tuple.tuple("v2", 2L));
  }

  @Test
  void sentimentStatsOfVersionTwo_decodeWithoutAModelVersion() throws Exception {
    assertThat(decodeStats("AgECAz_gAAAAAAAAv-AAAAAAAAA_0AAAAAAAAEAEAAAAAAAAQAoAAAAAAAA"))
        .isEqualTo(new SentimentStats(1, 2, 3, 0.5, -0.5, 0.25, 2.5, 3.25, null));
  }

  @Test
  void sentimentStatsOfVersionOne_decodeWithTheCountsAsProbabilitySums() throws Exception {
    assertThat(decodeStats("AQECAz_gAAAAAAAAv-AAAAAAAAA"))
        .isEqualTo(new SentimentStats(1, 2, 3, 0.5, -0.5, 1.0, 2.0, 3.0, null));
  }

  @Test
  void anUnknownFormatVersion_isAClearError() throws Exception {
    byte[] encoded = CoderUtils.encodeToByteArray(TweetCoder.of(), minimalTweet());
    encoded[0] = 9;
    assertThatThrownBy(() -> CoderUtils.decodeFromByteArray(TweetCoder.of(), encoded))
        .isInstanceOf(CoderException.class)
        .hasMessageContaining("reads format version 1, found 9")
        .hasMessageContaining("drain the job");
    assertThatThrownBy(
            () -> CoderUtils.encodeToByteArray(RawMessage.RawMessageCoder.of(), (RawMessage) null))
        .isInstanceOf(CoderException.class)
        .hasMessageContaining("cannot encode null");
  }

  @Test
  void payloadBytes_surviveExactly() throws Exception {
    byte[] invalidUtf8 = "ok \u00e9".getBytes(StandardCharsets.ISO_8859_1);
    RawMessage m = RawMessage.fromPubsub(invalidUtf8, Map.of(), "m", null);
    assertThat(CoderUtils.clone(RawMessage.RawMessageCoder.of(), m).payload())
        .isEqualTo(invalidUtf8);
  }
}
