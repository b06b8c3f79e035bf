package io.github.tweetsentiment.pipeline.sink;

import com.google.api.services.bigquery.model.TableRow;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.UUID;
import org.apache.beam.sdk.io.gcp.bigquery.BigQueryHelpers;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.SerializableFunction;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Formats each element as a row and appends it as one JSON line to a file of its own per DoFn
 * instance, {@code <dir>/<table>-<id>.ndjson}, flushed at the end of every bundle. Read it with
 * {@link LocalTableFiles}.
 *
 * <p>The local twin of a BigQuery table. Beam's {@code FileIO} would buffer every line of a pane in
 * one grouped state cell, which the DirectRunner copies at each bundle, so a local run's cost per
 * tweet would grow with the pane; appending costs the same for every line. A failed bundle fails
 * the local run, so there is no retry to write a line twice.
 */
final class WriteNdjsonFn<T> extends DoFn<T, Void> {

  private final String outputDir;
  private final String table;
  private final SerializableFunction<T, TableRow> formatter;
  private transient @Nullable BufferedWriter writer;

  WriteNdjsonFn(String outputDir, String table, SerializableFunction<T, TableRow> formatter) {
    this.outputDir = outputDir;
    this.table = table;
    this.formatter = formatter;
  }

  @Setup
  public void setup() throws IOException {
    Path dir = Path.of(outputDir);
    Files.createDirectories(dir);
    String id = UUID.randomUUID().toString().substring(0, 8);
    writer =
        Files.newBufferedWriter(
            dir.resolve(LocalTableFiles.fileName(table, id)),
            StandardCharsets.UTF_8,
            StandardOpenOption.CREATE_NEW,
            StandardOpenOption.WRITE);
  }

  @ProcessElement
  public void process(@Element T element) throws IOException {
    BufferedWriter w = writer();
    w.write(BigQueryHelpers.toJsonString(formatter.apply(element)));
    w.write('\n');
  }

  @FinishBundle
  public void finishBundle() throws IOException {
    writer().flush();
  }

  @Teardown
  public void teardown() {
    if (writer != null) {
      try {
        writer.close();
      } catch (IOException e) {
        throw new UncheckedIOException("closing the " + table + " output in " + outputDir, e);
      } finally {
        writer = null;
      }
    }
  }

  private BufferedWriter writer() {
    if (writer == null) {
      throw new IllegalStateException(
          "the " + table + " writer is used before setup or after teardown");
    }
    return writer;
  }
}
