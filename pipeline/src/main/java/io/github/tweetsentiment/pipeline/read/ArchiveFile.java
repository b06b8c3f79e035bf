package io.github.tweetsentiment.pipeline.read;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.avro.file.DataFileStream;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * One Avro file of the tweets archive, as the Pub/Sub Cloud Storage subscription writes it with
 * metadata (docs/operations.md, Archive): records of {@code message_id}, {@code publish_time}
 * (microseconds), {@code attributes} and {@code data}, read back as the Pub/Sub messages they were.
 */
final class ArchiveFile implements Closeable {

  /** Archive files are the subscription's {@code .avro} objects; anything else is JSONL. */
  static boolean isArchive(String file) {
    return file.endsWith(".avro");
  }

  private final String name;
  private final DataFileStream<GenericRecord> records;

  ArchiveFile(String name, InputStream in) throws IOException {
    this.name = name;
    this.records = new DataFileStream<>(in, new GenericDatumReader<>());
    if (records.getSchema().getField("data") == null) {
      throw new IOException(
          name
              + " is an Avro file without a 'data' field: not an archive of the tweets topic"
              + " (a Cloud Storage subscription with --cloud-storage-write-metadata)");
    }
  }

  /** Skips {@code n} records: where a resumed reader continues. */
  void skip(long n) {
    for (long i = 0; i < n && records.hasNext(); i++) {
      records.next();
    }
  }

  /** How many records are left, counted by Avro block without decoding them. */
  long countRemaining() throws IOException {
    long count = 0;
    while (records.hasNext()) {
      count += records.getBlockCount();
      records.nextBlock();
    }
    return count;
  }

  /** The next record as the message it was, or null at the end of the file. */
  @Nullable RawMessage next() {
    if (!records.hasNext()) {
      return null;
    }
    return toMessage(records.next());
  }

  private RawMessage toMessage(GenericRecord r) {
    Object data = r.get("data");
    byte[] payload;
    if (data instanceof ByteBuffer buffer) {
      ByteBuffer copy = buffer.duplicate();
      payload = new byte[copy.remaining()];
      copy.get(payload);
    } else if (data == null) {
      payload = new byte[0];
    } else {
      throw new IllegalStateException(name + ": the 'data' field is not bytes");
    }
    Map<String, String> attributes = new LinkedHashMap<>();
    if (r.getSchema().getField("attributes") != null
        && r.get("attributes") instanceof Map<?, ?> map) {
      map.forEach((k, v) -> attributes.put(k.toString(), v == null ? "" : v.toString()));
    }
    String messageId = text(r, "message_id");
    Instant publishTime = null;
    if (r.getSchema().getField("publish_time") != null
        && r.get("publish_time") instanceof Long micros) {
      publishTime = Instant.EPOCH.plus(micros, ChronoUnit.MICROS);
    }
    return RawMessage.fromPubsub(payload, attributes, messageId, publishTime);
  }

  private static @Nullable String text(GenericRecord r, String field) {
    if (r.getSchema().getField(field) == null) {
      return null;
    }
    Object value = r.get(field);
    return value == null ? null : value.toString();
  }

  @Override
  public void close() throws IOException {
    records.close();
  }
}
