package io.github.tweetsentiment.pipeline.sink;

import com.google.api.services.bigquery.model.TableReference;
import com.google.api.services.bigquery.model.TableRow;
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
 * names either way, and returns the rows BigQuery refused (none for local files), for the caller to
 * turn into dead letters.
 */
public final class WriteTable<T> extends PTransform<PCollection<T>, PCollection<RejectedRow>> {

  private final String table;
  private final SerializableFunction<T, TableRow> formatter;
  private final SinkConfig sink;

  private WriteTable(String table, SerializableFunction<T, TableRow> formatter, SinkConfig sink) {
    this.table = table;
    this.formatter = formatter;
    this.sink = sink;
  }

  /** Writes to {@code table}, each element formatted as one of its rows by {@code formatter}. */
  public static <T> WriteTable<T> of(
      String table, SerializableFunction<T, TableRow> formatter, SinkConfig sink) {
    return new WriteTable<>(table, formatter, sink);
  }

  @Override
  public PCollection<RejectedRow> expand(PCollection<T> input) {
    if (sink instanceof SinkConfig.LocalFiles local) {
      writeLocal(input, local);
      return input
          .getPipeline()
          .apply("NoRejectedRows", Create.empty(RejectedRow.RejectedRowCoder.of()));
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
          .apply("NoRejectedRows", Create.empty(RejectedRow.RejectedRowCoder.of()));
    }
    return result
        .getFailedStorageApiInserts()
        .apply("ToRejectedRow", ParDo.of(new ToRejectedRowFn(table)))
        .setCoder(RejectedRow.RejectedRowCoder.of())
        .apply(
            "ToGlobalWindow",
            Window.<RejectedRow>into(new GlobalWindows())
                .triggering(DefaultTrigger.of())
                .discardingFiredPanes()
                .withAllowedLateness(Duration.ZERO));
  }

  private void writeLocal(PCollection<T> input, SinkConfig.LocalFiles local) {
    input.apply("WriteNdjson", ParDo.of(new WriteNdjsonFn<>(local.outputDir(), table, formatter)));
  }

  /** A row BigQuery rejected, with what it said and the ids the row carries. */
  static final class ToRejectedRowFn extends DoFn<BigQueryStorageApiInsertError, RejectedRow> {
    private final String table;

    ToRejectedRowFn(String table) {
      this.table = table;
    }

    @ProcessElement
    public void process(
        @Element BigQueryStorageApiInsertError error, OutputReceiver<RejectedRow> out) {
      TableRow row = error.getRow();
      out.output(
          new RejectedRow(
              table,
              row == null ? "" : BigQueryHelpers.toJsonString(row),
              String.valueOf(error.getErrorMessage()),
              stringOrNull(row, "tweet_id"),
              stringOrNull(row, "message_id")));
    }

    private static String stringOrNull(TableRow row, String field) {
      Object value = row == null ? null : row.get(field);
      return value == null ? null : value.toString();
    }
  }
}
