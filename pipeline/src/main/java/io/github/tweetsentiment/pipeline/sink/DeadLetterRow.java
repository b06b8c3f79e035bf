package io.github.tweetsentiment.pipeline.sink;

import com.google.api.services.bigquery.model.TableRow;
import io.github.tweetsentiment.pipeline.deadletter.DeadLetter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.transforms.SerializableFunction;

/** Formats a dead letter as a row of {@code infra/bigquery/dead_letter.json}. */
public final class DeadLetterRow implements SerializableFunction<DeadLetter, TableRow> {

  /** The table's name, also the local NDJSON file's prefix. */
  public static final String TABLE = "dead_letter";

  /**
   * The most payload a row keeps. BigQuery takes rows up to 10 MB and a row holds the payload twice
   * (as text, and as bytes sent in base64), so a 10 MB Pub/Sub message kept whole would be refused
   * and lost; its first MiB, its size and a marker are kept instead.
   */
  static final int MAX_STORED_PAYLOAD_BYTES = 1 << 20;

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
            .set("attributes", attributes);
    byte[] payload = d.payload();
    boolean truncated = payload.length > MAX_STORED_PAYLOAD_BYTES;
    byte[] kept = truncated ? Arrays.copyOf(payload, MAX_STORED_PAYLOAD_BYTES) : payload;
    String text = new String(kept, StandardCharsets.UTF_8);
    if (truncated) {
      text += truncationMarker(payload.length);
    }
    row.set("payload_string", text)
        .set("payload_bytes", Base64.getEncoder().encodeToString(kept))
        .set("payload_size", payload.length)
        .set("payload_truncated", truncated);
    Rows.setIfNotNull(row, "error_type", d.errorType());
    Rows.setIfNotNull(row, "error_message", d.errorMessage());
    Rows.setIfNotNull(row, "stack_trace", d.stackTrace());
    Rows.setIfNotNull(row, "message_id", d.messageId());
    Rows.setIfNotNull(row, "publish_time", Rows.timestamp(d.publishTime()));
    Rows.setIfNotNull(row, "tweet_id", d.tweetId());
    return row;
  }

  /** Appended to the text of a cut payload. */
  static String truncationMarker(int size) {
    return "...[truncated: the first " + MAX_STORED_PAYLOAD_BYTES + " of " + size + " bytes kept]";
  }
}
