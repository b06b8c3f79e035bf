package io.github.tweetsentiment.pipeline.sink;

import io.github.tweetsentiment.pipeline.deadletter.DeadLetter;
import io.github.tweetsentiment.pipeline.deadletter.DeadLetter.Stage;
import io.github.tweetsentiment.pipeline.metrics.PipelineMetrics;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gathers the dead letters of every stage into the one {@code dead_letter} table. Returns what it
 * wrote, for tests and for anything downstream that wants to alert on it.
 */
public final class WriteDeadLetters
    extends PTransform<PCollectionList<DeadLetter>, PCollection<DeadLetter>> {

  private final SinkConfig sink;

  public WriteDeadLetters(SinkConfig sink) {
    this.sink = sink;
  }

  @Override
  public PCollection<DeadLetter> expand(PCollectionList<DeadLetter> stages) {
    PCollection<DeadLetter> all =
        stages
            .apply("FlattenStages", Flatten.pCollections())
            .apply("Count", ParDo.of(new CountFn()));
    all.apply(
            "WriteDeadLetterRows",
            WriteTable.of(DeadLetterRow.TABLE, new DeadLetterRow(), sink, Stage.WRITE_DEAD_LETTERS))
        // A dead letter the table refuses must not loop back into the table that refused it.
        .apply("LogRejectedDeadLetters", ParDo.of(new LogRejectedFn()));
    return all;
  }

  /**
   * Logs and counts a dead-letter row BigQuery refused, with its error and the start of the row:
   * the row itself is lost (fix the table or schema, then replay from the source).
   */
  static final class LogRejectedFn extends DoFn<DeadLetter, Void> {
    private static final Logger LOG = LoggerFactory.getLogger(WriteDeadLetters.class);
    private final Counter rejected =
        PipelineMetrics.counter(PipelineMetrics.DEAD_LETTER_WRITE_FAILURES);

    @ProcessElement
    public void process(@Element DeadLetter row) {
      rejected.inc();
      String json = row.payloadString();
      LOG.error(
          "{}; row starts {}",
          row.errorMessage(),
          json.length() <= 500 ? json : json.substring(0, 500));
    }
  }

  /** Counts and logs each dead letter (never its payload, which may be large or private). */
  static final class CountFn extends DoFn<DeadLetter, DeadLetter> {
    private static final Logger LOG = LoggerFactory.getLogger(WriteDeadLetters.class);
    private final Counter deadLetters = PipelineMetrics.counter(PipelineMetrics.DEAD_LETTERS);

    @ProcessElement
    public void process(@Element DeadLetter d, OutputReceiver<DeadLetter> out) {
      deadLetters.inc();
      LOG.debug("dead letter: {}", d);
      out.output(d);
    }
  }
}
