package io.github.tweetsentiment.pipeline.sink;

import com.google.api.services.bigquery.model.TableSchema;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.apache.beam.sdk.io.gcp.bigquery.BigQueryHelpers;

/**
 * The BigQuery table schemas, read from {@code infra/bigquery/*.json} (the one source of truth),
 * which the build copies into the jar under {@code bigquery/}.
 */
public final class TableSchemas {

  private TableSchemas() {}

  /**
   * The schema of {@code table}, e.g. {@code scored_tweets}.
   *
   * @throws IllegalStateException if the jar lacks the schema file (a broken build)
   */
  public static TableSchema load(String table) {
    return BigQueryHelpers.fromJsonString("{\"fields\": " + json(table) + "}", TableSchema.class);
  }

  /** The schema file's JSON text: a bq field array. */
  public static String json(String table) {
    String resource = "bigquery/" + table + ".json";
    try (InputStream in = TableSchemas.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException(
            "schema "
                + resource
                + " is missing from the classpath: the build copies infra/bigquery/*.json into"
                + " the jar; rebuild with ./mvnw -pl pipeline -am package");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + resource, e);
    }
  }
}
