package io.github.tweetsentiment.pipeline.read;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.tweetsentiment.pipeline.Fixtures;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.io.UnboundedSource.UnboundedReader;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.joda.time.Duration;
import org.joda.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RecordedTweetsSourceTest {

  private static final Duration LAG = Duration.standardSeconds(30);
  private static final Duration NO_DELAY = Duration.ZERO;
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

  private UnboundedReader<RawMessage> reader(
      Path f, double speed, Duration endDelay, RecordedTweetsSource.Checkpoint checkpoint)
      throws Exception {
    RecordedTweetsSource source =
        RecordedTweetsSource.of(f.toString(), LAG, speed, endDelay).split(1, options).get(0);
    return source.createReader(options, checkpoint);
  }

  @Test
  void readsEachLineWithItsCreatedAtAsTimestamp_andFileAndLineAsAttributes() throws Exception {
    Path f = file("a.jsonl", line("1", 10), "", line("2", 20) + "\r");
    UnboundedReader<RawMessage> r = reader(f, 0, NO_DELAY, null);

    assertThat(r.start()).isTrue();
    assertThat(r.getCurrentTimestamp()).isEqualTo(at(10));
    assertThat(r.getCurrent().attributes()).containsEntry("line", "1");
    assertThat(r.getCurrent().attributes().get("file")).endsWith("a.jsonl");
    assertThat(r.getCurrent().isPubsub()).isFalse();
    assertThat(r.advance()).isTrue();
    // The blank line is skipped but counted; the CR of a CRLF line is not part of the payload.
    assertThat(r.getCurrent().attributes()).containsEntry("line", "3");
    assertThat(r.getCurrent().payloadString()).endsWith("}");
    assertThat(r.getCurrentTimestamp()).isEqualTo(at(20));
  }

  @Test
  void watermarkTrailsTheLatestCreatedAt_soOlderTweetsBecomeLate() throws Exception {
    Path f = file("a.jsonl", line("1", 100), line("2", 80), line("3", 200));
    UnboundedReader<RawMessage> r = reader(f, 0, NO_DELAY, null);

    assertThat(r.getWatermark()).isEqualTo(BoundedWindow.TIMESTAMP_MIN_VALUE);
    r.start();
    assertThat(r.getWatermark()).isEqualTo(at(70));
    r.advance(); // 20 s out of order, within the lag: on time, and the watermark stays.
    assertThat(r.getCurrentTimestamp()).isEqualTo(at(80));
    assertThat(r.getWatermark()).isEqualTo(at(70));
    r.advance();
    assertThat(r.getWatermark()).isEqualTo(at(170));
  }

  @Test
  void malformedLine_isStillEmitted_withATimestampThatIsNotLate() throws Exception {
    Path f = file("a.jsonl", line("1", 100), "{\"data\": {\"id\": \"2\", \"tex", line("3", 110));
    UnboundedReader<RawMessage> r = reader(f, 0, NO_DELAY, null);

    r.start();
    assertThat(r.advance()).isTrue();
    assertThat(r.getCurrent().payloadString()).isEqualTo("{\"data\": {\"id\": \"2\", \"tex");
    assertThat(r.getCurrentTimestamp()).isEqualTo(at(100));
  }

  @Test
  void endOfFile_holdsTheWatermarkAtTheLatestTweetForTheDelay_thenFinishes() throws Exception {
    Path f = file("a.jsonl", line("1", 100));
    UnboundedReader<RawMessage> waiting = reader(f, 0, Duration.standardHours(1), null);
    waiting.start();
    assertThat(waiting.advance()).isFalse();
    assertThat(waiting.getWatermark()).isEqualTo(at(100));

    UnboundedReader<RawMessage> done = reader(f, 0, NO_DELAY, null);
    done.start();
    assertThat(done.advance()).isFalse();
    assertThat(done.getWatermark()).isEqualTo(BoundedWindow.TIMESTAMP_MAX_VALUE);
  }

  @Test
  void resumesFromACheckpoint_atTheNextLine_withTheSameWatermark() throws Exception {
    Path f = file("a.jsonl", line("1", 100), line("2", 150), line("3", 120));
    UnboundedReader<RawMessage> first = reader(f, 0, NO_DELAY, null);
    first.start();
    first.advance();
    RecordedTweetsSource.Checkpoint checkpoint =
        (RecordedTweetsSource.Checkpoint) first.getCheckpointMark();
    first.close();

    UnboundedReader<RawMessage> resumed = reader(f, 0, NO_DELAY, checkpoint);
    assertThat(resumed.getWatermark()).isEqualTo(at(120));
    assertThat(resumed.start()).isTrue();
    assertThat(resumed.getCurrent().attributes()).containsEntry("line", "3");
    assertThat(resumed.getCurrentTimestamp()).isEqualTo(at(120));
    assertThat(resumed.advance()).isFalse();
  }

  @Test
  void pacedReplay_holdsBackATweetUntilItsTimeComes() throws Exception {
    // An hour apart, replayed in real time: the second tweet is not due yet.
    Path f = file("a.jsonl", line("1", 0), line("2", 3600));
    UnboundedReader<RawMessage> paced = reader(f, 1.0, NO_DELAY, null);
    assertThat(paced.start()).isTrue();
    assertThat(paced.advance()).isFalse();
    assertThat(paced.advance()).isFalse();

    // As fast as possible, it comes at once.
    UnboundedReader<RawMessage> fast = reader(f, 0, NO_DELAY, null);
    fast.start();
    assertThat(fast.advance()).isTrue();
  }

  @Test
  void aGlob_isSplitIntoOneSourcePerFile() throws Exception {
    file("b.jsonl", line("2", 0));
    file("a.jsonl", line("1", 0));
    List<RecordedTweetsSource> sources =
        RecordedTweetsSource.of(dir.resolve("*.jsonl").toString(), LAG, 0, NO_DELAY)
            .split(4, options);

    List<String> firstIds = new ArrayList<>();
    for (RecordedTweetsSource s : sources) {
      UnboundedReader<RawMessage> r = s.createReader(options, null);
      r.start();
      firstIds.add(r.getCurrent().attributes().get("file").replaceAll(".*/", ""));
    }
    assertThat(firstIds).containsExactly("a.jsonl", "b.jsonl");
  }

  @Test
  void aPatternMatchingNothing_failsWithTheOptionToFix() {
    RecordedTweetsSource source =
        RecordedTweetsSource.of(dir.resolve("missing-*.jsonl").toString(), LAG, 0, NO_DELAY);
    assertThatThrownBy(() -> source.split(1, options))
        .isInstanceOf(FileNotFoundException.class)
        .hasMessageContaining("--input=");
  }

  @Test
  void readsAClasspathResource() throws Exception {
    RecordedTweetsSource source =
        RecordedTweetsSource.of("classpath:recordings/two-tweets.jsonl", LAG, 0, NO_DELAY)
            .split(1, options)
            .get(0);
    UnboundedReader<RawMessage> r = source.createReader(options, null);
    assertThat(r.start()).isTrue();
    assertThat(r.advance()).isTrue();
    assertThat(r.getCurrentTimestamp()).isEqualTo(at(20));
    assertThat(r.advance()).isFalse();
  }

  @Test
  void rejectsANegativeReplaySpeed() {
    assertThatThrownBy(() -> RecordedTweetsSource.of("x", LAG, -1, NO_DELAY))
        .hasMessageContaining("--replaySpeed");
  }
}
