package io.github.tweetsentiment.pipeline.coders;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.tweetsentiment.core.Prediction;
import io.github.tweetsentiment.core.Tweet;
import io.github.tweetsentiment.pipeline.aggregate.SentimentStats;
import io.github.tweetsentiment.pipeline.aggregate.WindowSentiment;
import io.github.tweetsentiment.pipeline.parse.IncomingTweet;
import io.github.tweetsentiment.pipeline.read.RawMessage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.coders.CoderException;
import org.apache.beam.sdk.coders.CoderRegistry;
import org.apache.beam.sdk.coders.DefaultCoder;
import org.apache.beam.sdk.coders.ListCoder;
import org.apache.beam.sdk.coders.NullableCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarIntCoder;
import org.apache.beam.sdk.testing.CoderProperties;
import org.apache.beam.sdk.util.CoderUtils;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.junit.jupiter.api.Test;

/**
 * The way the pipeline's coders are written: a version byte, a writer and a reader of the fields,
 * older versions still read, and field encodings that are Beam's own.
 */
class VersionedCoderTest {

  private static final Instant AT = Instant.parse("2026-11-24T18:00:03.120Z");

  /** A value type as a new one would be written: version 2 added the referrer. */
  @DefaultCoder(Visit.VisitCoder.class)
  record Visit(String page, Instant at, @Nullable String referrer, List<String> tags) {

    static final class VisitCoder extends VersionedCoder<Visit> {
      private static final VisitCoder INSTANCE = new VisitCoder();

      private VisitCoder() {
        super(2, 1, VisitCoder::write, VisitCoder::read);
      }

      static VisitCoder of() {
        return INSTANCE;
      }

      private static void write(FieldOutput out, Visit v) throws IOException {
        out.string(v.page)
            .instant(v.at)
            .optional(FieldOutput::string, v.referrer)
            .list(FieldOutput::string, v.tags);
      }

      private static Visit read(FieldInput in) throws IOException {
        String page = in.string();
        Instant at = in.instant();
        String referrer = in.version() >= 2 ? in.optional(FieldInput::string) : null;
        return new Visit(page, at, referrer, in.list(FieldInput::string));
      }
    }
  }

  @Test
  void aValueType_roundTripsDeterministically_andIsFoundByItsDefaultCoder() throws Exception {
    Visit visit = new Visit("/a \u00e9", AT, null, List.of("x", "y"));
    CoderProperties.coderDecodeEncodeEqual(Visit.VisitCoder.of(), visit);
    CoderProperties.coderDeterministic(
        Visit.VisitCoder.of(), visit, new Visit("/a \u00e9", AT, null, List.of("x", "y")));
    CoderProperties.coderDecodeEncodeEqual(
        Visit.VisitCoder.of(), new Visit("/b", AT, "ref", List.of()));
    CoderProperties.coderSerializable(Visit.VisitCoder.of());

    CoderRegistry registry = CoderRegistry.createDefault();
    assertThat(registry.getCoder(Visit.class)).isSameAs(Visit.VisitCoder.of());
    assertThat(registry.getCoder(RawMessage.class)).isSameAs(RawMessage.RawMessageCoder.of());
  }

  @Test
  void anOlderVersion_stillReads() throws Exception {
    ByteArrayOutputStream v1 = new ByteArrayOutputStream();
    v1.write(1);
    new FieldOutput(v1).string("/old").instant(AT).list(FieldOutput::string, List.of("t"));

    assertThat(CoderUtils.decodeFromByteArray(Visit.VisitCoder.of(), v1.toByteArray()))
        .isEqualTo(new Visit("/old", AT, null, List.of("t")));
  }

  @Test
  void aVersionOutsideTheRange_nullAndNoData_areClearErrors() throws Exception {
    byte[] encoded =
        CoderUtils.encodeToByteArray(Visit.VisitCoder.of(), new Visit("/", AT, null, List.of()));
    for (int version : new int[] {0, 3}) {
      encoded[0] = (byte) version;
      assertThatThrownBy(() -> CoderUtils.decodeFromByteArray(Visit.VisitCoder.of(), encoded))
          .isInstanceOf(CoderException.class)
          .hasMessageContaining("VisitCoder reads format version 2, found " + version)
          .hasMessageContaining("drain the job");
    }
    assertThatThrownBy(() -> CoderUtils.decodeFromByteArray(Visit.VisitCoder.of(), new byte[0]))
        .isInstanceOf(CoderException.class)
        .hasMessageContaining("no data to decode");
    assertThatThrownBy(() -> CoderUtils.encodeToByteArray(Visit.VisitCoder.of(), (Visit) null))
        .isInstanceOf(CoderException.class)
        .hasMessageContaining("cannot encode null");
  }

  @Test
  void theFieldEncodings_areBeamsOwnInTheNestedContext() throws Exception {
    NullableCoder<String> nullable = NullableCoder.of(StringUtf8Coder.of());
    assertThat(fields(out -> out.optional(FieldOutput::string, "x").string("y")))
        .isEqualTo(fields(out -> out.value(nullable, "x").value(StringUtf8Coder.of(), "y")));
    assertThat(fields(out -> out.optional(FieldOutput::string, null)))
        .isEqualTo(fields(out -> out.value(nullable, null)));
    assertThat(fields(out -> out.strings(List.of("a", "b"))))
        .isEqualTo(fields(out -> out.value(ListCoder.of(StringUtf8Coder.of()), List.of("a", "b"))));
    // A list is a var-int count, then its elements.
    assertThat(fields(out -> out.list(FieldOutput::varInt, List.of(300, 1))))
        .isEqualTo(fields(out -> out.varInt(2).value(VarIntCoder.of(), 300).varInt(1)));
  }

  @Test
  void equalMaps_encodeEqually_whateverTheirOrder() throws Exception {
    Map<String, String> ab = new LinkedHashMap<>();
    ab.put("a", "1");
    ab.put("b", "2");
    Map<String, String> ba = new LinkedHashMap<>();
    ba.put("b", "2");
    ba.put("a", "1");

    assertThat(fields(out -> out.stringMap(ab))).isEqualTo(fields(out -> out.stringMap(ba)));
  }

  @Test
  void aBadPresenceFlagOrCount_isACoderException() {
    assertThatThrownBy(
            () ->
                new FieldInput(new ByteArrayInputStream(new byte[] {2}), 1)
                    .optional(FieldInput::string))
        .isInstanceOf(CoderException.class)
        .hasMessageContaining("presence flag");
    assertThatThrownBy(
            () ->
                new FieldInput(
                        new ByteArrayInputStream(
                            CoderUtils.encodeToByteArray(VarIntCoder.of(), -1)),
                        1)
                    .list(FieldInput::string))
        .isInstanceOf(CoderException.class)
        .hasMessageContaining("negative count");
  }

  @Test
  void versions_areOneByte_oldestFirst() {
    assertThatThrownBy(() -> new VersionedCoder<String>(256, (out, s) -> {}, in -> "") {})
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new VersionedCoder<String>(1, 2, (out, s) -> {}, in -> "") {})
        .isInstanceOf(IllegalArgumentException.class);
  }

  /** Written by the coders before they moved onto writers and readers: the bytes must not move. */
  @Test
  void theCodersMovedOntoWritersAndReaders_keepTheirEncodings() throws Exception {
    String emoji = "Rivertown 2-1 \uD83C\uDF89\uD83D\uDD25 \u00e9t\u00e9 \u4e2d\u6587";
    CoderProperties.coderEncodesBase64(
        TweetCoder.of(),
        CodersTest.fullTweet(emoji),
        "ARMyMTI1Mjg4MzQ5Mzg4MzI2MTM5I1JpdmVydG93biAyLTEg8J-OifCflKUgw6l0w6kg5Lit5paHAaOhl9gGgJyc"
            + "OQEKMjA5NDI2OTY3MwENcml2ZXJ0b3duX2ZhbgERUml2ZXJ0b3duIEZhbiDimr0BAmVuARMyMTI1Mjg4MzQ5Mzg4"
            + "MzI2MDAwAAAAAglyZXR3ZWV0ZWQGcXVvdGVkAQEBAAEDAQAAAcEBAAAAAQVkZXJieQAAAAEJbWlsbGJyb29rAAAA"
            + "ASBodHRwczovL3JpdmVydG93bmZjLmV4YW1wbGUvbGl2ZQ");
    CoderProperties.coderEncodesBase64(
        PredictionCoder.of(),
        CodersTest.prediction(),
        "AQhwb3NpdGl2ZT_mZmZmZmZmAwhuZWdhdGl2ZT-5mZmZmZmaB25ldXRyYWw_yZmZmZmZmghwb3NpdGl2ZT_mZmZm"
            + "ZmZmAQhhY2N1cmF0ZQEOMjAyNi0xMS0yNS5hYmM");
    CoderProperties.coderEncodesBase64(
        RawMessage.RawMessageCoder.of(),
        RawMessage.fromPubsub(new byte[] {1, 2, (byte) 0xff}, CodersTest.attributes(), "m-1", AT),
        "AQMBAv8ECmNyZWF0ZWRfYXQYMjAyNi0xMS0yNFQxODowMDowMy4xMjBaC29kZCDDqSBrZXk9FHZhbHVlIHdpdGgg"
            + "CiBuZXdsaW5lBXF1ZXJ5FnJpdmVydG93biBPUiBtaWxsYnJvb2sIdHdlZXRfaWQTMjEyNTI4ODM0OTM4ODMyNjEz"
            + "OQEDbS0xAaOhl9gGgJycOQ");
    CoderProperties.coderEncodesBase64(
        IncomingTweet.IncomingTweetCoder.of(),
        new IncomingTweet(Tweet.of("5", "x", AT), null, null, null, null, null),
        "AQEBNQF4AaOhl9gGgJycOQAAAAAAAAAAAAAAAAAAAAAAAAAAAAAGKG5vbmUpAAAAAA");
    SentimentStats mixed =
        SentimentStats.of(Prediction.fromProbabilities(new double[] {0.7, 0.2, 0.1}, "fast", "v1"))
            .plus(
                SentimentStats.of(
                    Prediction.fromProbabilities(new double[] {0.1, 0.1, 0.8}, "fast", "v2")))
            .plus(new SentimentStats(1, 0, 0, 0.9, -0.9, 0.9, 0.1, 0, "v2"));
    CoderProperties.coderEncodesBase64(
        WindowSentiment.WindowSentimentCoder.of(),
        new WindowSentiment(AT, AT.plusSeconds(60), emoji, mixed, "EARLY", 3, false, AT)
            .withCorrected(new WindowSentiment.Shares(0.25, 0.5, 0.25)),
        "AqOhl9gGgJycOd-hl9gGgJycOSNSaXZlcnRvd24gMi0xIPCfjonwn5SlIMOpdMOpIOS4reaWhwUCAAFAAzMzMzMz"
            + "M7_pmZmZmZmZP_szMzMzMzM_2ZmZmZmZmj_szMzMzMzNAQV2MSx2MgICdjEBAAA_5mZmZmZmZj_JmZmZmZmaP7mZ"
            + "mZmZmZoBOgECdjIBAAE_8AAAAAAAAD_JmZmZmZmaP-mZmZmZmZoBDAECDAE6AQVFQVJMWQMAo6GX2AaAnJw5AT_Q"
            + "AAAAAAAAP-AAAAAAAAA_0AAAAAAAAA");
  }

  private interface Fill {
    void fill(FieldOutput out) throws Exception;
  }

  private static byte[] fields(Fill fill) throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    fill.fill(new FieldOutput(bytes));
    return bytes.toByteArray();
  }
}
