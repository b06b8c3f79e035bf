package io.github.tweetsentiment.pipeline.read;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.tweetsentiment.pipeline.Fixtures;
import io.github.tweetsentiment.pipeline.metrics.PipelineMetrics;
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

/** The replay reader: chunks of lines with their timestamps, the watermark, pacing, resuming. */
class RecordedTweetsSourceTest {

  private static final Duration LAG = Duration.standardSeconds(30);
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
      Path f, double speed, RecordedTweetsSource.Checkpoint checkpoint) throws Exception {
    RecordedTweetsSource source =
        RecordedTweetsSource.of(f.toString(), LAG, speed).split(1, options).get(0);
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
    assertThat(nextChunk(p)).extracting(TimestampedValue::getTimestamp).containsExactly(at(40));
    assertThat(at(40).isBefore(p.getWatermark())).as("the third line is late").isTrue();
  }

  @Test
  void aLineFurtherBehindThanTheLag_endsTheChunk_comesAfterTheWatermarkMoved_andIsCounted()
      throws Exception {
    // Steps back of 40 s (more than the 30 s lag) and one of 20 s.
    Path f = file("a.jsonl", line("1", 120), line("2", 80), line("3", 100), line("4", 40));
    MetricsContainerImpl metrics = new MetricsContainerImpl("replay");
    try (Closeable scope = MetricsEnvironment.scopedMetricsContainer(metrics)) {
      UnboundedReader<List<TimestampedValue<RawMessage>>> r = reader(f, 0, null);
      r.start();
      assertThat(r.getCurrent())
          .extracting(TimestampedValue::getTimestamp)
          .containsExactly(at(120));
      assertThat(r.getWatermark()).isEqualTo(at(90));
      // 100 is within the lag of the latest line (120): it joins the late line's chunk.
      assertThat(nextChunk(r))
          .extracting(TimestampedValue::getTimestamp)
          .containsExactly(at(80), at(100));
      assertThat(nextChunk(r)).extracting(TimestampedValue::getTimestamp).containsExactly(at(40));
      assertThat(r.advance()).isFalse();
    }
    long counted =
        metrics
            .getCounter(
                MetricName.named(PipelineMetrics.NAMESPACE, PipelineMetrics.REPLAY_OUT_OF_ORDER))
            .getCumulative();
    assertThat(counted).isEqualTo(2);
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

    RecordedTweetsSource.Checkpoint afterOne =
        new RecordedTweetsSource.Checkpoint(0, 2, at(10), null, null);
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
    RecordedTweetsSource.Checkpoint checkpoint =
        (RecordedTweetsSource.Checkpoint) first.getCheckpointMark();
    first.close();

    UnboundedReader<List<TimestampedValue<RawMessage>>> resumed = reader(f, 0, checkpoint);
    assertThat(resumed.getWatermark()).isEqualTo(at(70));
    assertThat(resumed.start()).isTrue();
    assertThat(resumed.getCurrent())
        .extracting(l -> l.getValue().attributes().get("line"))
        .containsExactly("2", "3");
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
        RecordedTweetsSource.of(dir.resolve("*.jsonl").toString(), LAG, 0).split(4, options);

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
        RecordedTweetsSource.of(dir.resolve("missing-*.jsonl").toString(), LAG, 0);
    assertThatThrownBy(() -> source.split(1, options))
        .isInstanceOf(FileNotFoundException.class)
        .hasMessageContaining("--input=");
  }

  @Test
  void readsAClasspathResource() throws Exception {
    RecordedTweetsSource source =
        RecordedTweetsSource.of("classpath:recordings/two-tweets.jsonl", LAG, 0)
            .split(1, options)
            .get(0);
    UnboundedReader<List<TimestampedValue<RawMessage>>> r = source.createReader(options, null);
    assertThat(r.start()).isTrue();
    assertThat(r.getCurrent()).hasSize(2);
    assertThat(r.getCurrent().get(1).getTimestamp()).isEqualTo(at(20));
  }

  @Test
  void rejectsANegativeReplaySpeed() {
    assertThatThrownBy(() -> RecordedTweetsSource.of("x", LAG, -1))
        .hasMessageContaining("--replaySpeed");
  }

  @Test
  void checkpointAndChunks_roundTripThroughTheirCoders() throws Exception {
    RecordedTweetsSource.Checkpoint full =
        new RecordedTweetsSource.Checkpoint(123_456L, 42, at(100), 1_795_543_200_123L, at(90));
    for (RecordedTweetsSource.Checkpoint c : List.of(RecordedTweetsSource.Checkpoint.START, full)) {
      CoderProperties.coderDecodeEncodeEqual(RecordedTweetsSource.CheckpointCoder.of(), c);
      CoderProperties.coderDeterministic(RecordedTweetsSource.CheckpointCoder.of(), c, c);
    }
    CoderProperties.coderSerializable(RecordedTweetsSource.CheckpointCoder.of());
    RecordedTweetsSource source =
        RecordedTweetsSource.of(file("a.jsonl", line("1", 1)).toString(), LAG, 0);
    assertThat(source.getCheckpointMarkCoder()).isSameAs(RecordedTweetsSource.CheckpointCoder.of());
    List<TimestampedValue<RawMessage>> chunk =
        List.of(
            TimestampedValue.of(RawMessage.fromRecording(line("1", 1), "a", 1), at(1)),
            TimestampedValue.of(RawMessage.fromRecording("not json", "a", 2), at(1)));
    CoderProperties.coderDecodeEncodeEqual(source.getOutputCoder(), chunk);
    CoderProperties.coderDeterministic(source.getOutputCoder(), chunk, List.copyOf(chunk));
  }
}
