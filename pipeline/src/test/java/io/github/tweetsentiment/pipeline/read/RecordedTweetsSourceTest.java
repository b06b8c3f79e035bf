package io.github.tweetsentiment.pipeline.read;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.tweetsentiment.pipeline.Fixtures;
import io.github.tweetsentiment.pipeline.coders.FieldOutput;
import io.github.tweetsentiment.pipeline.metrics.PipelineMetrics;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.runners.core.metrics.MetricsContainerImpl;
import org.apache.beam.sdk.io.UnboundedSource.UnboundedReader;
import org.apache.beam.sdk.metrics.MetricName;
import org.apache.beam.sdk.metrics.MetricsEnvironment;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.testing.CoderProperties;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.apache.beam.sdk.values.TimestampedValue;
import org.joda.time.Duration;
import org.joda.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The replay reader: chunks of lines with their timestamps, the watermark, pacing, resuming. */
class RecordedTweetsSourceTest {

  private static final Duration LAG = Duration.standardSeconds(30);

  /** Windows of a minute, counted for two minutes after they end. */
  private static final RecordedTweetsSource.ReplayWindows WINDOWS =
      new RecordedTweetsSource.ReplayWindows(
          Duration.standardMinutes(1), Duration.standardMinutes(2));

  private final PipelineOptions options = PipelineOptionsFactory.create();

  @TempDir Path dir;

  private static String line(String id, int offsetSeconds) {
    return Fixtures.envelope(id, "tweet " + id, Duration.standardSeconds(offsetSeconds));
  }

  private static Instant at(int offsetSeconds) {
    return Fixtures.BASE_TIME.plus(Duration.standardSeconds(offsetSeconds));
  }

  private Path file(String name, String... lines) throws IOException {
    Path f = dir.resolve(name);
    Files.writeString(f, String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
    return f;
  }

  private UnboundedReader<List<TimestampedValue<RawMessage>>> reader(
      Path f, double speed, ReplayCheckpoint checkpoint) throws Exception {
    RecordedTweetsSource source =
        RecordedTweetsSource.of(f.toString(), LAG, speed, WINDOWS).split(1, options).get(0);
    return source.createReader(options, checkpoint);
  }

  /** The next chunk, after the empty advance() that ends the previous chunk's bundle. */
  private static List<TimestampedValue<RawMessage>> nextChunk(
      UnboundedReader<List<TimestampedValue<RawMessage>>> r) throws IOException {
    assertThat(r.advance()).as("the bundle ends after a chunk").isFalse();
    assertThat(r.advance()).as("the next chunk").isTrue();
    return r.getCurrent();
  }

  @Test
  void readsEachLineWithItsCreatedAtAsTimestamp_andFileAndLineAsAttributes() throws Exception {
    Path f = file("a.jsonl", line("1", 10), "", line("2", 20) + "\r");
    UnboundedReader<List<TimestampedValue<RawMessage>>> r = reader(f, 0, null);

    assertThat(r.start()).isTrue();
    List<TimestampedValue<RawMessage>> chunk = r.getCurrent();
    assertThat(chunk).hasSize(2);
    assertThat(chunk.get(0).getTimestamp()).isEqualTo(at(10));
    assertThat(chunk.get(0).getValue().attributes()).containsEntry("line", "1");
    assertThat(chunk.get(0).getValue().attributes().get("file")).endsWith("a.jsonl");
    assertThat(chunk.get(0).getValue().isPubsub()).isFalse();
    // The blank line is skipped but counted; the CR of a CRLF line is not part of the payload.
    assertThat(chunk.get(1).getValue().attributes()).containsEntry("line", "3");
    assertThat(chunk.get(1).getValue().payloadString()).endsWith("}");
    assertThat(chunk.get(1).getTimestamp()).isEqualTo(at(20));
    // The chunk's own timestamp is its earliest line's.
    assertThat(r.getCurrentTimestamp()).isEqualTo(at(10));
  }

  @Test
  void aChunkHoldsAtMostItsLimit_andEachChunkIsABundle() throws Exception {
    String[] lines = new String[RecordedTweetsSource.MAX_CHUNK_LINES + 5];
    for (int i = 0; i < lines.length; i++) {
      lines[i] = line(Integer.toString(i + 1), i);
    }
    UnboundedReader<List<TimestampedValue<RawMessage>>> r = reader(file("a.jsonl", lines), 0, null);

    assertThat(r.start()).isTrue();
    assertThat(r.getCurrent()).hasSize(RecordedTweetsSource.MAX_CHUNK_LINES);
    assertThat(nextChunk(r)).hasSize(5);
    assertThat(r.advance()).isFalse();
    assertThat(r.advance()).isFalse();
  }

  @Test
  void watermarkTrailsTheLatestCreatedAtOfTheChunksRead_soOlderTweetsAfterThemAreLate()
      throws Exception {
    // Out of order by less than the lag: one chunk, both on time.
    Path f = file("a.jsonl", line("1", 100), line("2", 80));
    UnboundedReader<List<TimestampedValue<RawMessage>>> r = reader(f, 0, null);

    assertThat(r.getWatermark()).isEqualTo(BoundedWindow.TIMESTAMP_MIN_VALUE);
    r.start();
    assertThat(r.getCurrent()).hasSize(2);
    assertThat(r.getCurrentTimestamp()).isEqualTo(at(80));

    Path paced = file("b.jsonl", line("1", 0), line("2", 100), line("3", 40), line("4", 3600));
    UnboundedReader<List<TimestampedValue<RawMessage>>> p = reader(paced, 1000.0, null);
    p.start();
    assertThat(p.getCurrent()).hasSize(1);
    assertThat(p.getWatermark()).isEqualTo(at(-30));
    Thread.sleep(150); // 100 s of event time at 1000x.
    assertThat(nextChunk(p)).extracting(TimestampedValue::getTimestamp).containsExactly(at(100));
    assertThat(p.getWatermark()).isEqualTo(at(70));
    // 40, read with 100, is further behind it than the lag, in a window (0-60 s) the watermark has
    // passed: held back, it comes in the next chunk, after the runner saw the watermark at 70.
    assertThat(nextChunk(p)).extracting(TimestampedValue::getTimestamp).containsExactly(at(40));
    assertThat(at(40).isBefore(p.getWatermark())).as("the third line is late").isTrue();
  }

  /** The reader's checkpoint, taken as the runner takes it, and the reader closed. */
  private static ReplayCheckpoint closeAtCheckpoint(
      UnboundedReader<List<TimestampedValue<RawMessage>>> r) throws IOException {
    ReplayCheckpoint checkpoint = (ReplayCheckpoint) r.getCheckpointMark();
    r.close();
    return checkpoint;
  }

  /** The line number of each line of a chunk, in order. */
  private static List<String> lineNumbers(List<TimestampedValue<RawMessage>> chunk) {
    return chunk.stream().map(l -> l.getValue().attributes().get("line")).toList();
  }

  private static long outOfOrderCount(MetricsContainerImpl metrics) {
    return metrics
        .getCounter(
            MetricName.named(PipelineMetrics.NAMESPACE, PipelineMetrics.REPLAY_OUT_OF_ORDER))
        .getCumulative();
  }

  /** Every chunk the reader gives until the input is done, and the watermark after each. */
  private static List<List<TimestampedValue<RawMessage>>> allChunks(
      UnboundedReader<List<TimestampedValue<RawMessage>>> r, List<Instant> watermarks)
      throws IOException {
    List<List<TimestampedValue<RawMessage>>> chunks = new ArrayList<>();
    boolean available = r.start();
    for (int polls = 0; polls < 10_000; polls++) {
      if (available) {
        chunks.add(r.getCurrent());
        watermarks.add(r.getWatermark());
      } else if (r.getWatermark().equals(BoundedWindow.TIMESTAMP_MAX_VALUE)) {
        return chunks;
      }
      available = r.advance();
    }
    throw new AssertionError("the reader never finished");
  }

  @Test
  void aLateLine_meetsTheFateItWouldLive_withoutEndingTheChunk_andIsCounted() throws Exception {
    // Lag 30 s, windows of a minute counted for 2 minutes after they end. After the line at 200 s
    // the watermark would be 170 s live.
    Path f =
        file(
            "a.jsonl",
            line("1", 200),
            line("2", 150), // window 120-180 s still open at 170: on time, sent at once
            line("3", 100), // window 60-120 s closed, counted until 240: late
            line("4", -100), // window -120 to -60 s, counted until 60: too late
            line("5", 400));
    MetricsContainerImpl metrics = new MetricsContainerImpl("replay");
    List<Instant> watermarks = new ArrayList<>();
    List<List<TimestampedValue<RawMessage>>> chunks;
    try (Closeable scope = MetricsEnvironment.scopedMetricsContainer(metrics)) {
      chunks = allChunks(reader(f, 0, null), watermarks);
    }
    assertThat(chunks).hasSize(2);
    assertThat(chunks.get(0))
        .extracting(TimestampedValue::getTimestamp)
        .containsExactly(at(200), at(150), at(400));
    // Kept short of the late line's expiry (240 s) while it is held, not at 400 - 30 s.
    assertThat(watermarks.get(0)).isEqualTo(at(240).minus(Duration.millis(1)));
    assertThat(chunks.get(1))
        .extracting(TimestampedValue::getTimestamp)
        .containsExactly(at(100), at(-100));
    // Sent at that watermark: the line at 100 s is past its window's end (120 s) and before its
    // expiry, so it lands in a late pane; the one at -100 s is past its expiry (60 s), left out.
    assertThat(outOfOrderCount(metrics)).isEqualTo(3);
  }

  @Test
  void lateLinesOfWindowsFurtherApartThanTheAllowedLateness_areAllCounted() throws Exception {
    Path f =
        file(
            "a.jsonl",
            line("1", 100),
            line("2", 50), // late (window 0-60 s, watermark 70), counted until 180
            line("3", 400),
            line("4", 300)); // late (window 300-360 s, watermark 370), counted until 480
    List<Instant> watermarks = new ArrayList<>();
    List<List<TimestampedValue<RawMessage>>> chunks = allChunks(reader(f, 0, null), watermarks);

    assertThat(chunks)
        .extracting(c -> c.stream().map(TimestampedValue::getTimestamp).toList())
        .containsExactly(List.of(at(100), at(400)), List.of(at(50), at(300)));
    // The first late line's expiry keeps the watermark under 180 s, so it is counted; the second
    // comes before the watermark reached its window's end (360 s): counted too, on time, as on a
    // live stream whose watermark is held back.
    assertThat(watermarks.get(0)).isEqualTo(at(180).minus(Duration.millis(1)));
  }

  @Test
  void aTooLateLine_waitsUntilTheWatermarkHasPassedItsExpiry() throws Exception {
    Path f =
        file(
            "a.jsonl",
            line("1", 100),
            line("2", 50), // late (watermark 70), counted until 180
            line("3", 700),
            line("4", 400)); // too late (watermark 670): window 360-420 s counted until 540
    List<Instant> watermarks = new ArrayList<>();
    List<List<TimestampedValue<RawMessage>>> chunks = allChunks(reader(f, 0, null), watermarks);

    assertThat(chunks)
        .extracting(c -> c.stream().map(TimestampedValue::getTimestamp).toList())
        .containsExactly(List.of(at(100), at(700)), List.of(at(50)), List.of(at(400)));
    // Sent while the watermark is kept under 180 s for the late line, it would have been counted:
    // it waits until the watermark has passed 540 s.
    assertThat(watermarks.get(0)).isEqualTo(at(180).minus(Duration.millis(1)));
    assertThat(watermarks.get(1)).isEqualTo(at(180).minus(Duration.millis(1)));
    assertThat(watermarks.get(2)).isEqualTo(BoundedWindow.TIMESTAMP_MAX_VALUE);
  }

  @ParameterizedTest(name = "a line every {0} ms")
  @ValueSource(longs = {100, 10_000})
  void manyLateLines_doNotMakeMoreChunks(long every) throws Exception {
    // Every other line 75 s (a busy stream) or 150 s (a quiet one) out of order: each began a chunk
    // of its own before.
    String[] lines = new String[2 * RecordedTweetsSource.MAX_CHUNK_LINES];
    long back = every < 1000 ? 75_000 : 150_000;
    for (int i = 0; i < lines.length; i++) {
      Duration at = Duration.millis(i % 2 == 0 ? every * i : every * i - back);
      lines[i] = Fixtures.envelope(Integer.toString(i + 1), "tweet", at);
    }
    MetricsContainerImpl metrics = new MetricsContainerImpl("replay");
    List<List<TimestampedValue<RawMessage>>> chunks;
    try (Closeable scope = MetricsEnvironment.scopedMetricsContainer(metrics)) {
      chunks = allChunks(reader(file("a.jsonl", lines), 0, null), new ArrayList<>());
    }
    assertThat(chunks).hasSizeLessThanOrEqualTo(4);
    assertThat(chunks.stream().mapToInt(List::size).sum()).isEqualTo(lines.length);
    assertThat(outOfOrderCount(metrics)).isEqualTo(lines.length / 2);
  }

  @Test
  void heldLines_travelInTheCheckpoint_andAResumedReaderSendsThem() throws Exception {
    Path f = file("a.jsonl", line("1", 200), line("2", 100), line("3", 200), line("4", 1_000_000));
    // Paced, so that the first chunk stops before the last line, with the late one held.
    UnboundedReader<List<TimestampedValue<RawMessage>>> first = reader(f, 1000.0, null);
    first.start();
    assertThat(first.getCurrent())
        .extracting(TimestampedValue::getTimestamp)
        .containsExactly(at(200), at(200));
    ReplayCheckpoint checkpoint = closeAtCheckpoint(first);
    assertThat(checkpoint.held()).extracting(h -> h.line().getTimestamp()).containsExactly(at(100));

    UnboundedReader<List<TimestampedValue<RawMessage>>> resumed = reader(f, 0, checkpoint);
    assertThat(resumed.getWatermark()).isEqualTo(at(170));
    assertThat(resumed.start()).isTrue();
    assertThat(lineNumbers(resumed.getCurrent())).containsExactly("2", "4");
  }

  private Path archive(String name, String... envelopes) throws IOException {
    return ArchiveFixture.write(dir.resolve(name), false, envelopes);
  }

  @Test
  void anArchiveFile_isReadAsThePubsubMessagesItHolds_andResumesAtTheNextRecord() throws Exception {
    Path f = archive("05_00Z_abc.avro", line("1", 10), line("2", 20), "{\"data\": {\"id\"");
    // The local backfill's estimate counts the same three messages.
    assertThat(ReadInputFiles.messagesIn(f.toString())).isEqualTo(3);
    UnboundedReader<List<TimestampedValue<RawMessage>>> r = reader(f, 0, null);

    assertThat(r.start()).isTrue();
    List<TimestampedValue<RawMessage>> chunk = r.getCurrent();
    assertThat(chunk).hasSize(3);
    RawMessage first = chunk.get(0).getValue();
    assertThat(first.isPubsub()).isTrue();
    assertThat(first.messageId()).isEqualTo("m-1");
    assertThat(first.publishTime()).isEqualTo(java.time.Instant.ofEpochSecond(1_764_000_000L));
    assertThat(first.attributes()).containsEntry("tweet_id", "1").containsEntry("query", "q");
    assertThat(first.payloadString()).isEqualTo(line("1", 10));
    assertThat(chunk.get(0).getTimestamp()).isEqualTo(at(10));
    assertThat(chunk.get(1).getTimestamp()).isEqualTo(at(20));
    // A record that is not a tweet is still emitted, for the parse step to dead-letter.
    assertThat(chunk.get(2).getValue().messageId()).isEqualTo("m-3");

    ReplayCheckpoint afterOne = new ReplayCheckpoint(0, 2, at(10), null, null, List.of());
    UnboundedReader<List<TimestampedValue<RawMessage>>> resumed = reader(f, 0, afterOne);
    assertThat(resumed.start()).isTrue();
    assertThat(resumed.getCurrent())
        .extracting(t -> t.getValue().messageId())
        .containsExactly("m-2", "m-3");
  }

  @Test
  void aDamagedArchiveFile_stopsTheReplay_namingTheFile() throws Exception {
    Path f = ArchiveFixture.write(dir.resolve("cut.avro"), true, line("1", 10), line("2", 20));
    ArchiveFixture.truncate(f, ArchiveFixture.blockEnds(f).get(1) - 10);
    UnboundedReader<List<TimestampedValue<RawMessage>>> r = reader(f, 0, null);

    assertThatThrownBy(r::start)
        .isInstanceOf(ArchiveFile.CorruptArchiveException.class)
        .hasMessageContaining(f.toString())
        .hasMessageContaining("after record 1");
  }

  @Test
  void anAvroFileThatIsNotAnArchive_failsSayingWhatItExpected() throws Exception {
    Path f = ArchiveFixture.writeOther(dir.resolve("other.avro"), "x");
    UnboundedReader<List<TimestampedValue<RawMessage>>> r = reader(f, 0, null);

    assertThatThrownBy(r::start)
        .isInstanceOf(IOException.class)
        .hasMessageContaining("without a 'data' field")
        .hasMessageContaining("cloud-storage-write-metadata");
  }

  @Test
  void malformedLine_isStillEmitted_withATimestampThatIsNotLate() throws Exception {
    Path f = file("a.jsonl", line("1", 100), "{\"data\": {\"id\": \"2\", \"tex", line("3", 110));
    UnboundedReader<List<TimestampedValue<RawMessage>>> r = reader(f, 0, null);

    r.start();
    TimestampedValue<RawMessage> malformed = r.getCurrent().get(1);
    assertThat(malformed.getValue().payloadString()).isEqualTo("{\"data\": {\"id\": \"2\", \"tex");
    assertThat(malformed.getTimestamp()).isEqualTo(at(100));
  }

  @Test
  void endOfFile_releasesTheWatermark_soEveryWindowCloses() throws Exception {
    Path f = file("a.jsonl", line("1", 100));
    UnboundedReader<List<TimestampedValue<RawMessage>>> done = reader(f, 0, null);
    done.start();
    assertThat(done.getWatermark()).isEqualTo(BoundedWindow.TIMESTAMP_MAX_VALUE);
    assertThat(done.advance()).isFalse();
    assertThat(done.advance()).isFalse();
  }

  @Test
  void resumesFromACheckpoint_atTheNextLine_withTheSameWatermark() throws Exception {
    Path f = file("a.jsonl", line("1", 100), line("2", 150), line("3", 120));
    // Paced so that the first chunk stops before the third line.
    UnboundedReader<List<TimestampedValue<RawMessage>>> first = reader(f, 0.001, null);
    first.start();
    assertThat(first.getCurrent()).hasSize(1);

    UnboundedReader<List<TimestampedValue<RawMessage>>> resumed =
        reader(f, 0, closeAtCheckpoint(first));
    assertThat(resumed.getWatermark()).isEqualTo(at(70));
    assertThat(resumed.start()).isTrue();
    assertThat(lineNumbers(resumed.getCurrent())).containsExactly("2", "3");
    assertThat(resumed.advance()).isFalse();
    assertThat(resumed.advance()).isFalse();
  }

  @Test
  void pacedReplay_holdsBackATweetUntilItsTimeComes() throws Exception {
    // An hour apart, replayed in real time: the second tweet is not due yet.
    Path f = file("a.jsonl", line("1", 0), line("2", 3600));
    UnboundedReader<List<TimestampedValue<RawMessage>>> paced = reader(f, 1.0, null);
    assertThat(paced.start()).isTrue();
    assertThat(paced.getCurrent()).hasSize(1);
    assertThat(paced.advance()).isFalse();
    assertThat(paced.advance()).isFalse();

    // As fast as possible, it comes at once.
    UnboundedReader<List<TimestampedValue<RawMessage>>> fast = reader(f, 0, null);
    fast.start();
    assertThat(fast.getCurrent()).hasSize(2);
  }

  @Test
  void aGlob_isSplitIntoOneSourcePerFile() throws Exception {
    file("b.jsonl", line("2", 0));
    file("a.jsonl", line("1", 0));
    List<RecordedTweetsSource> sources =
        RecordedTweetsSource.of(dir.resolve("*.jsonl").toString(), LAG, 0, WINDOWS)
            .split(4, options);

    List<String> firstFiles = new ArrayList<>();
    for (RecordedTweetsSource s : sources) {
      UnboundedReader<List<TimestampedValue<RawMessage>>> r = s.createReader(options, null);
      r.start();
      firstFiles.add(
          r.getCurrent().get(0).getValue().attributes().get("file").replaceAll(".*/", ""));
    }
    assertThat(firstFiles).containsExactly("a.jsonl", "b.jsonl");
  }

  @Test
  void aPatternMatchingNothing_failsWithTheOptionToFix() {
    RecordedTweetsSource source =
        RecordedTweetsSource.of(dir.resolve("missing-*.jsonl").toString(), LAG, 0, WINDOWS);
    assertThatThrownBy(() -> source.split(1, options))
        .isInstanceOf(FileNotFoundException.class)
        .hasMessageContaining("--input=");
  }

  @Test
  void readsAClasspathResource() throws Exception {
    RecordedTweetsSource source =
        RecordedTweetsSource.of("classpath:recordings/two-tweets.jsonl", LAG, 0, WINDOWS)
            .split(1, options)
            .get(0);
    UnboundedReader<List<TimestampedValue<RawMessage>>> r = source.createReader(options, null);
    assertThat(r.start()).isTrue();
    assertThat(r.getCurrent()).hasSize(2);
    assertThat(r.getCurrent().get(1).getTimestamp()).isEqualTo(at(20));
  }

  @Test
  void rejectsANegativeReplaySpeed() {
    assertThatThrownBy(() -> RecordedTweetsSource.of("x", LAG, -1, WINDOWS))
        .hasMessageContaining("--replaySpeed");
  }

  @Test
  void checkpointAndChunks_roundTripThroughTheirCoders() throws Exception {
    ReplayCheckpoint full =
        new ReplayCheckpoint(
            123_456L,
            42,
            at(100),
            1_795_543_200_123L,
            at(90),
            List.of(
                new ReplayCheckpoint.HeldLine(
                    TimestampedValue.of(RawMessage.fromRecording(line("7", 5), "a", 7), at(5)),
                    at(180),
                    false),
                new ReplayCheckpoint.HeldLine(
                    TimestampedValue.of(RawMessage.fromRecording(line("8", -90), "a", 8), at(-90)),
                    at(60),
                    true)));
    for (ReplayCheckpoint c : List.of(ReplayCheckpoint.START, full)) {
      CoderProperties.coderDecodeEncodeEqual(ReplayCheckpoint.ReplayCheckpointCoder.of(), c);
      CoderProperties.coderDeterministic(ReplayCheckpoint.ReplayCheckpointCoder.of(), c, c);
    }
    CoderProperties.coderSerializable(ReplayCheckpoint.ReplayCheckpointCoder.of());
    // Format 1 (no held lines), as a job running the earlier build checkpointed it.
    ByteArrayOutputStream v1 = new ByteArrayOutputStream();
    v1.write(1);
    new FieldOutput(v1)
        .varLong(123_456L)
        .varLong(42)
        .optional(FieldOutput::varLong, at(100).getMillis())
        .optional(FieldOutput::varLong, null)
        .optional(FieldOutput::varLong, null);
    assertThat(
            ReplayCheckpoint.ReplayCheckpointCoder.of()
                .decode(new ByteArrayInputStream(v1.toByteArray())))
        .isEqualTo(new ReplayCheckpoint(123_456L, 42, at(100), null, null, List.of()));
    RecordedTweetsSource source =
        RecordedTweetsSource.of(file("a.jsonl", line("1", 1)).toString(), LAG, 0, WINDOWS);
    assertThat(source.getCheckpointMarkCoder())
        .isSameAs(ReplayCheckpoint.ReplayCheckpointCoder.of());
    List<TimestampedValue<RawMessage>> chunk =
        List.of(
            TimestampedValue.of(RawMessage.fromRecording(line("1", 1), "a", 1), at(1)),
            TimestampedValue.of(RawMessage.fromRecording("not json", "a", 2), at(1)));
    CoderProperties.coderDecodeEncodeEqual(source.getOutputCoder(), chunk);
    CoderProperties.coderDeterministic(source.getOutputCoder(), chunk, List.copyOf(chunk));
  }
}
