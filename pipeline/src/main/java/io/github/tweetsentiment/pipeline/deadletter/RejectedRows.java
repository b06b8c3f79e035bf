package io.github.tweetsentiment.pipeline.deadletter;

import io.github.tweetsentiment.pipeline.deadletter.DeadLetter.Stage;
import io.github.tweetsentiment.pipeline.sink.RejectedRow;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PCollection;

/**
 * Turns the rows a table refused into dead letters of the step that wrote them, each keeping the
 * row as JSON for its payload.
 */
public final class RejectedRows
    extends PTransform<PCollection<RejectedRow>, PCollection<DeadLetter>> {

  private final Stage stage;

  private RejectedRows(Stage stage) {
    this.stage = stage;
  }

  /** Dead letters of {@code stage}, one of the write stages. */
  public static RejectedRows asDeadLetters(Stage stage) {
    return new RejectedRows(stage);
  }

  @Override
  public PCollection<DeadLetter> expand(PCollection<RejectedRow> rejected) {
    return rejected
        .apply("ToDeadLetter", ParDo.of(new ToDeadLetterFn(stage)))
        .setCoder(DeadLetter.DeadLetterCoder.of());
  }

  static final class ToDeadLetterFn extends DoFn<RejectedRow, DeadLetter> {
    private final Stage stage;

    ToDeadLetterFn(Stage stage) {
      this.stage = stage;
    }

    @ProcessElement
    public void process(@Element RejectedRow row, OutputReceiver<DeadLetter> out) {
      out.output(
          new DeadLetter(
              Instant.now(),
              stage,
              "bigquery_insert_error",
              "BigQuery rejected the row for table " + row.table() + ": " + row.error(),
              null,
              row.rowJson().getBytes(StandardCharsets.UTF_8),
              Map.of(),
              row.messageId(),
              null,
              row.tweetId()));
    }
  }
}
