package io.github.tweetsentiment.pipeline.deadletter;

import com.google.api.services.bigquery.model.TableRow;
import io.github.tweetsentiment.pipeline.sink.Rows;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.transforms.SerializableFunction;

/** Formats a dead letter as a row of {@code infra/bigquery/dead_letter.json}. */
public final class DeadLetterRow implements SerializableFunction<DeadLetter, TableRow> {

  /** The table's name, also the local NDJSON file's prefix. */
  public static final String TABLE = "dead_letter";

  @Override
  public TableRow apply(DeadLetter d) {
    List<TableRow> attributes = new ArrayList<>();
    for (Map.Entry<String, String> e : d.attributes().entrySet()) {
      attributes.add(new TableRow().set("key", e.getKey()).set("value", e.getValue()));
    }
    TableRow row =
        new TableRow()
            .set("failed_at", Rows.timestamp(d.failedAt()))
            .set("stage", d.stage().column())
            .set("payload_string", d.payloadString())
            .set("payload_bytes", Base64.getEncoder().encodeToString(d.payload()))
            .set("attributes", attributes);
    Rows.setIfNotNull(row, "error_type", d.errorType());
    Rows.setIfNotNull(row, "error_message", d.errorMessage());
    Rows.setIfNotNull(row, "stack_trace", d.stackTrace());
    Rows.setIfNotNull(row, "message_id", d.messageId());
    Rows.setIfNotNull(row, "publish_time", Rows.timestamp(d.publishTime()));
    Rows.setIfNotNull(row, "tweet_id", d.tweetId());
    return row;
  }
}
