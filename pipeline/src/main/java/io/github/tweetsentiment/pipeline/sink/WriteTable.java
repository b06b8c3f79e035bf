package io.github.tweetsentiment.pipeline.sink;

import com.google.api.services.bigquery.model.TableReference;
import com.google.api.services.bigquery.model.TableRow;
import io.github.tweetsentiment.pipeline.deadletter.DeadLetter;
import io.github.tweetsentiment.pipeline.deadletter.DeadLetter.Stage;
import org.apache.beam.sdk.io.gcp.bigquery.BigQueryHelpers;
import org.apache.beam.sdk.io.gcp.bigquery.BigQueryIO;
import org.apache.beam.sdk.io.gcp.bigquery.BigQueryStorageApiInsertError;
import org.apache.beam.sdk.io.gcp.bigquery.WriteResult;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.SerializableFunction;
import org.apache.beam.sdk.transforms.windowing.DefaultTrigger;
import org.apache.beam.sdk.transforms.windowing.GlobalWindows;
import org.apache.beam.sdk.transforms.windowing.Window;
import org.apache.beam.sdk.values.PCollection;
import org.joda.time.Duration;

/**
 * Writes elements as rows of one table, to BigQuery or to local NDJSON files, with the same field
 * names either way, and returns the rows BigQuery refused (none for local files) as dead letters of
 * the table's write stage.
 */
public final class WriteTable<T> extends PTransform<PCollection<T>, PCollection<DeadLetter>> {

  private final String table;
  private final SerializableFunction<T, TableRow> formatter;
  private final SinkConfig sink;
  private final Stage stage;

  private WriteTable(
      String table, SerializableFunction<T, TableRow> formatter, SinkConfig sink, Stage stage) {
    this.table = table;
    this.formatter = formatter;
    this.sink = sink;
    this.stage = stage;
  }

  /**
   * Writes to {@code table}, each element formatted as one of its rows by {@code formatter}; a
   * refused row becomes a dead letter of {@code stage}.
   */
  public static <T> WriteTable<T> of(
      String table, SerializableFunction<T, TableRow> formatter, SinkConfig sink, Stage stage) {
    return new WriteTable<>(table, formatter, sink, stage);
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
    if (bq.method() == BigQueryIO.Write.Method.FILE_LOADS) {
      // A load job takes all of its files or none: a row it refuses fails the job with BigQuery's
      // error (our rows match the schema, so that means the table was changed), none is dropped.
      return input
          .getPipeline()
          .apply("NoRejectedRows", Create.empty(DeadLetter.DeadLetterCoder.of()));
    }
    return result
        .getFailedStorageApiInserts()
        .apply("ToDeadLetter", ParDo.of(new ToDeadLetterFn(table, stage)))
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

  /** A row BigQuery rejected, with what it said and the ids the row carries. */
  static final class ToDeadLetterFn extends DoFn<BigQueryStorageApiInsertError, DeadLetter> {
    private final String table;
    private final Stage stage;

    ToDeadLetterFn(String table, Stage stage) {
      this.table = table;
      this.stage = stage;
    }

    @ProcessElement
    public void process(
        @Element BigQueryStorageApiInsertError error, OutputReceiver<DeadLetter> out) {
      TableRow row = error.getRow();
      out.output(
          DeadLetter.rejectedRow(
              stage,
              table,
              row == null ? "" : BigQueryHelpers.toJsonString(row),
              String.valueOf(error.getErrorMessage()),
              stringOrNull(row, "message_id"),
              stringOrNull(row, "tweet_id")));
    }

    private static String stringOrNull(TableRow row, String field) {
      Object value = row == null ? null : row.get(field);
      return value == null ? null : value.toString();
    }
  }
}
