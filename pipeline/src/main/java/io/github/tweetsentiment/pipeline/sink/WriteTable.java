package io.github.tweetsentiment.pipeline.sink;

import com.google.api.services.bigquery.model.TableReference;
import com.google.api.services.bigquery.model.TableRow;
import io.github.tweetsentiment.pipeline.PipelineMetrics;
import io.github.tweetsentiment.pipeline.deadletter.DeadLetter;
import io.github.tweetsentiment.pipeline.deadletter.DeadLetter.Stage;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import org.apache.beam.sdk.io.gcp.bigquery.BigQueryHelpers;
import org.apache.beam.sdk.io.gcp.bigquery.BigQueryIO;
import org.apache.beam.sdk.io.gcp.bigquery.BigQueryStorageApiInsertError;
import org.apache.beam.sdk.io.gcp.bigquery.WriteResult;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.SerializableFunction;
import org.apache.beam.sdk.transforms.windowing.DefaultTrigger;
import org.apache.beam.sdk.transforms.windowing.GlobalWindows;
import org.apache.beam.sdk.transforms.windowing.Window;
import org.apache.beam.sdk.values.PCollection;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.joda.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes elements as rows of one table, to BigQuery or to local NDJSON files, with the same field
 * names either way, and returns the rows BigQuery rejected as dead letters.
 *
 * <p>Built with a {@code failureStage}, rejected rows become dead letters of that stage. Built
 * without one (for the dead-letter table itself), rejected rows are logged and counted in {@value
 * PipelineMetrics#DEAD_LETTER_WRITE_FAILURES} instead: a dead letter that cannot be written must
 * not loop back into the table that refused it.
 */
public final class WriteTable<T> extends PTransform<PCollection<T>, PCollection<DeadLetter>> {

  private static final Logger LOG = LoggerFactory.getLogger(WriteTable.class);

  private final String table;
  private final SerializableFunction<T, TableRow> formatter;
  private final @Nullable Stage failureStage;
  private final SinkConfig sink;

  private WriteTable(
      String table,
      SerializableFunction<T, TableRow> formatter,
      @Nullable Stage failureStage,
      SinkConfig sink) {
    this.table = table;
    this.formatter = formatter;
    this.failureStage = failureStage;
    this.sink = sink;
  }

  /** Writes to {@code table}; rejected rows come back as dead letters of {@code failureStage}. */
  public static <T> WriteTable<T> of(
      String table,
      SerializableFunction<T, TableRow> formatter,
      Stage failureStage,
      SinkConfig sink) {
    return new WriteTable<>(table, formatter, failureStage, sink);
  }

  /** Writes the dead-letter table: rejected rows are logged and counted, never returned. */
  public static WriteTable<DeadLetter> deadLetters(
      String table, SerializableFunction<DeadLetter, TableRow> formatter, SinkConfig sink) {
    return new WriteTable<>(table, formatter, null, sink);
  }

  @Override
  public PCollection<DeadLetter> expand(PCollection<T> input) {
    if (sink instanceof SinkConfig.LocalFiles local) {
      writeLocal(input, local);
      return input
          .getPipeline()
          .apply("NoRejectedRows", Create.empty(DeadLetter.DeadLetterCoder.of()));
    }
    SinkConfig.BigQuery bq = (SinkConfig.BigQuery) sink;
    BigQueryIO.Write<T> write =
        BigQueryIO.<T>write()
            .to(
                new TableReference()
                    .setProjectId(bq.project())
                    .setDatasetId(bq.dataset())
                    .setTableId(table))
            .withSchema(TableSchemas.load(table))
            .withFormatFunction(formatter)
            .withMethod(bq.method())
            // infra/ creates the tables with their partitioning and clustering.
            .withCreateDisposition(BigQueryIO.Write.CreateDisposition.CREATE_NEVER)
            .withWriteDisposition(BigQueryIO.Write.WriteDisposition.WRITE_APPEND);
    if (bq.method() == BigQueryIO.Write.Method.STORAGE_WRITE_API) {
      write = write.withTriggeringFrequency(bq.triggeringFrequency());
      write =
          bq.numStreams() > 0
              ? write.withNumStorageWriteApiStreams(bq.numStreams())
              : write.withAutoSharding();
    }
    if (bq.testServices() != null) {
      write = write.withTestServices(bq.testServices());
    }
    WriteResult result = input.apply("WriteToBigQuery", write);
    return result
        .getFailedStorageApiInserts()
        .apply("RejectedRowsToDeadLetters", ParDo.of(new RejectedRowFn(failureStage, table)))
        .setCoder(DeadLetter.DeadLetterCoder.of())
        .apply(
            "ToGlobalWindow",
            Window.<DeadLetter>into(new GlobalWindows())
                .triggering(DefaultTrigger.of())
                .discardingFiredPanes()
                .withAllowedLateness(Duration.ZERO));
  }

  private void writeLocal(PCollection<T> input, SinkConfig.LocalFiles local) {
    input.apply("WriteNdjson", ParDo.of(new WriteNdjsonFn<>(local.outputDir(), table, formatter)));
  }

  /** A row BigQuery rejected, as a dead letter or (for the dead-letter table) a log line. */
  static final class RejectedRowFn extends DoFn<BigQueryStorageApiInsertError, DeadLetter> {
    private final @Nullable Stage stage;
    private final String table;
    private final Counter deadLetterWriteFailures =
        PipelineMetrics.counter(PipelineMetrics.DEAD_LETTER_WRITE_FAILURES);

    RejectedRowFn(@Nullable Stage stage, String table) {
      this.stage = stage;
      this.table = table;
    }

    @ProcessElement
    public void process(
        @Element BigQueryStorageApiInsertError error, OutputReceiver<DeadLetter> out) {
      TableRow row = error.getRow();
      String json = row == null ? "" : BigQueryHelpers.toJsonString(row);
      if (stage == null) {
        deadLetterWriteFailures.inc();
        // The row is the dead letter itself; its payload may be large, so log the error and a
        // prefix. The full row is lost: fix the table or schema, then replay from the source.
        LOG.error(
            "BigQuery rejected a dead-letter row for table {}: {}; row starts {}",
            table,
            error.getErrorMessage(),
            json.length() <= 500 ? json : json.substring(0, 500));
        return;
      }
      out.output(
          new DeadLetter(
              Instant.now(),
              stage,
              "bigquery_insert_error",
              "BigQuery rejected the row for table " + table + ": " + error.getErrorMessage(),
              null,
              json.getBytes(StandardCharsets.UTF_8),
              Map.of(),
              stringOrNull(row, "message_id"),
              null,
              stringOrNull(row, "tweet_id")));
    }

    private static String stringOrNull(TableRow row, String field) {
      Object value = row == null ? null : row.get(field);
      return value == null ? null : value.toString();
    }
  }
}
