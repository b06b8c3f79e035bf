package io.github.tweetsentiment.pipeline.read;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.file.DataFileReader;
import org.apache.avro.file.SeekableInput;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * One Avro file of the tweets archive, as the Pub/Sub Cloud Storage subscription writes it with
 * metadata (docs/operations.md, Archive): records of {@code message_id}, {@code publish_time}
 * (microseconds), {@code attributes} and {@code data}, read back as the Pub/Sub messages they were.
 *
 * <p>A file that is not such an archive, or whose data is damaged or cut short, raises {@link
 * CorruptArchiveException} naming the file and how many records were read before the damage. Avro's
 * own reader ends a file cut inside a block as if it ended there, so the reader compares where the
 * last whole block ended with the file's length: the bytes after it would otherwise be lost without
 * a word. An error of the file's own input (a dropped connection) is a plain {@link IOException},
 * which a retry may cure.
 */
final class ArchiveFile implements Closeable {

  /** Archive files are the subscription's {@code .avro} objects; anything else is JSONL. */
  static boolean isArchive(String file) {
    return file.endsWith(".avro");
  }

  /** The file is not a tweets archive, or its data is damaged: no retry reads more of it. */
  static final class CorruptArchiveException extends IOException {
    private final long recordsRead;

    CorruptArchiveException(String message, long recordsRead, @Nullable Throwable cause) {
      super(message, cause);
      this.recordsRead = recordsRead;
    }

    /** How many records the file gave before the damage. */
    long recordsRead() {
      return recordsRead;
    }
  }

  private final String name;
  private final WatchedInput input;
  private final DataFileReader<GenericRecord> records;
  private long recordsRead;

  ArchiveFile(String name, SeekableInput input) throws IOException {
    this.name = name;
    this.input = new WatchedInput(input);
    try {
      this.records = new DataFileReader<>(this.input, new GenericDatumReader<>());
    } catch (IOException | AvroRuntimeException e) {
      rethrowIfInputFailed();
      String detail = String.valueOf(e.getMessage());
      throw corrupt(
          detail.startsWith("Not an Avro data file")
              ? "is not an Avro data file"
              : "is not an Avro data file (" + detail + ")",
          e);
    }
    if (records.getSchema().getField("data") == null) {
      records.close();
      throw corrupt(
          "is an Avro file without a 'data' field: not an archive of the tweets topic"
              + " (a Cloud Storage subscription with --cloud-storage-write-metadata)",
          null);
    }
  }

  /** Skips {@code n} records: where a resumed reader continues. */
  void skip(long n) throws IOException {
    for (long i = 0; i < n && hasNext(); i++) {
      nextRecord();
    }
  }

  /** How many records are left, counted by Avro block without decoding them. */
  long countRemaining() throws IOException {
    long count = 0;
    while (hasNext()) {
      long block = records.getBlockCount();
      try {
        records.nextBlock();
      } catch (AvroRuntimeException e) {
        throw damaged(e);
      }
      count += block;
      recordsRead += block;
    }
    return count;
  }

  /** The next record as the message it was, or null at the end of the file. */
  @Nullable RawMessage next() throws IOException {
    if (!hasNext()) {
      return null;
    }
    return toMessage(nextRecord());
  }

  private boolean hasNext() throws IOException {
    boolean more;
    try {
      more = records.hasNext();
    } catch (AvroRuntimeException e) {
      throw damaged(e);
    }
    if (!more && records.previousSync() < input.length()) {
      throw corrupt(
          "ends inside a block: "
              + (input.length() - records.previousSync())
              + " bytes after the last whole block (at byte "
              + records.previousSync()
              + ") cannot be read; the file was cut short or damaged after record "
              + recordsRead,
          null);
    }
    return more;
  }

  private GenericRecord nextRecord() throws IOException {
    try {
      GenericRecord r = records.next();
      recordsRead++;
      return r;
    } catch (AvroRuntimeException e) {
      throw damaged(e);
    }
  }

  private CorruptArchiveException damaged(AvroRuntimeException e) throws IOException {
    rethrowIfInputFailed();
    String cause = e.getCause() != null ? e.getCause().getMessage() : e.getMessage();
    return corrupt("is damaged after record " + recordsRead + " (" + cause + ")", e);
  }

  /**
   * Avro reports the file's own I/O errors (a dropped connection to Cloud Storage) the same way as
   * damaged data; those a retry may cure, so they leave as plain I/O errors and fail the bundle.
   */
  private void rethrowIfInputFailed() throws IOException {
    IOException failure = input.failure;
    if (failure != null) {
      throw new IOException("reading " + name + " failed after record " + recordsRead, failure);
    }
  }

  /** The file's input, remembering the first error it raised itself. */
  private static final class WatchedInput implements SeekableInput {
    private final SeekableInput in;
    private @Nullable IOException failure;

    WatchedInput(SeekableInput in) {
      this.in = in;
    }

    private IOException seen(IOException e) {
      if (failure == null) {
        failure = e;
      }
      return e;
    }

    @Override
    public void seek(long p) throws IOException {
      try {
        in.seek(p);
      } catch (IOException e) {
        throw seen(e);
      }
    }

    @Override
    public long tell() throws IOException {
      try {
        return in.tell();
      } catch (IOException e) {
        throw seen(e);
      }
    }

    @Override
    public long length() throws IOException {
      try {
        return in.length();
      } catch (IOException e) {
        throw seen(e);
      }
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      try {
        return in.read(b, off, len);
      } catch (IOException e) {
        throw seen(e);
      }
    }

    @Override
    public void close() throws IOException {
      in.close();
    }
  }

  private CorruptArchiveException corrupt(String what, @Nullable Throwable cause) {
    return new CorruptArchiveException(
        name
            + " "
            + what
            + ": its remaining records are not read. Copy the file again from where it came"
            + " from, or move it out of --input.",
        recordsRead,
        cause);
  }

  private RawMessage toMessage(GenericRecord r) throws CorruptArchiveException {
    Object data = r.get("data");
    byte[] payload;
    if (data instanceof ByteBuffer buffer) {
      ByteBuffer copy = buffer.duplicate();
      payload = new byte[copy.remaining()];
      copy.get(payload);
    } else if (data == null) {
      payload = new byte[0];
    } else {
      throw corrupt(
          "has a 'data' field that is not bytes: not an archive of the tweets topic", null);
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
