package io.github.tweetsentiment.pipeline.sink;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.api.services.bigquery.model.TableRow;
import io.github.tweetsentiment.pipeline.deadletter.DeadLetter;
import io.github.tweetsentiment.pipeline.deadletter.DeadLetter.Stage;
import io.github.tweetsentiment.pipeline.read.RawMessage;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What a dead-letter row keeps of a payload: all of it up to 1 MiB, then its head and size. */
class DeadLetterRowTest {

  private static TableRow row(byte[] payload) {
    RawMessage message = RawMessage.fromPubsub(payload, Map.of("k", "v"), "m-1", Instant.EPOCH);
    return new DeadLetterRow()
        .apply(DeadLetter.of(Stage.PARSE, "invalid_json", "not JSON", message, null));
  }

  @Test
  void aSmallPayload_isKeptWhole_withItsSize() {
    byte[] payload = "{\"data\":".getBytes(StandardCharsets.UTF_8);

    TableRow row = row(payload);

    assertThat(row.get("payload_string")).isEqualTo("{\"data\":");
    assertThat(Base64.getDecoder().decode((String) row.get("payload_bytes"))).isEqualTo(payload);
    assertThat(row.get("payload_size")).isEqualTo(payload.length);
    assertThat(row.get("payload_truncated")).isEqualTo(false);
  }

  @Test
  void aPayloadOverOneMib_keepsItsFirstMib_aMarker_andItsOriginalSize() {
    byte[] payload = new byte[10 * 1000 * 1000];
    Arrays.fill(payload, (byte) 'x');

    TableRow row = row(payload);

    byte[] kept = Base64.getDecoder().decode((String) row.get("payload_bytes"));
    assertThat(kept).hasSize(DeadLetterRow.MAX_STORED_PAYLOAD_BYTES);
    assertThat(kept).isEqualTo(Arrays.copyOf(payload, kept.length));
    assertThat((String) row.get("payload_string"))
        .startsWith("xxxx")
        .endsWith(DeadLetterRow.truncationMarker(payload.length))
        .contains("of 10000000 bytes kept");
    assertThat(row.get("payload_size")).isEqualTo(10_000_000);
    assertThat(row.get("payload_truncated")).isEqualTo(true);
  }
}
