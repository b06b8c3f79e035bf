package io.github.tweetsentiment.pipeline.read;

import io.github.tweetsentiment.core.Tweet;
import io.github.tweetsentiment.core.TweetJson;
import io.github.tweetsentiment.core.TweetMessage;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.file.DataFileReader;
import org.apache.avro.file.DataFileWriter;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;

/** Archive files as a Cloud Storage subscription with metadata writes them, for the read tests. */
public final class ArchiveFixture {
  private ArchiveFixture() {}

  /** The record schema a Cloud Storage subscription writes with metadata. */
  public static final Schema SCHEMA =
      SchemaBuilder.record("PubsubMessageWithMetadata")
          .fields()
          .requiredString("subscription_name")
          .requiredString("message_id")
          .name("publish_time")
          .type(LogicalTypes.timestampMicros().addToSchema(Schema.create(Schema.Type.LONG)))
          .noDefault()
          .name("attributes")
          .type()
          .map()
          .values()
          .stringType()
          .noDefault()
          .requiredBytes("data")
          .endRecord();

  /**
   * Writes {@code envelopes} as messages {@code m-1}, {@code m-2}, ... with the attributes the
   * ingest function gives each envelope's tweet; with {@code blockPerRecord}, each record in an
   * Avro block of its own.
   */
  public static Path write(Path f, boolean blockPerRecord, String... envelopes) throws IOException {
    try (DataFileWriter<GenericRecord> writer =
        new DataFileWriter<>(new GenericDatumWriter<GenericRecord>(SCHEMA))) {
      writer.create(SCHEMA, f.toFile());
      for (int i = 0; i < envelopes.length; i++) {
        GenericRecord r = new GenericData.Record(SCHEMA);
        r.put("subscription_name", "projects/p/subscriptions/tweets-archive");
        r.put("message_id", "m-" + (i + 1));
        r.put("publish_time", 1_764_000_000_000_000L + i * 1_000_000L);
        r.put("attributes", attributes(envelopes[i], i + 1));
        r.put("data", ByteBuffer.wrap(envelopes[i].getBytes(StandardCharsets.UTF_8)));
        writer.append(r);
        if (blockPerRecord) {
          writer.sync();
        }
      }
    }
    return f;
  }

  /**
   * The attributes the ingest function publishes with the envelope's tweet, query {@code q}; for an
   * envelope that is not a tweet, {@code tweet_id} {@code n} alone.
   */
  private static Map<String, String> attributes(String envelope, int n) {
    Tweet tweet;
    try {
      tweet = TweetJson.readEnvelope(envelope).tweets().get(0);
    } catch (RuntimeException e) {
      return Map.of("tweet_id", Integer.toString(n), "query", "q");
    }
    return TweetMessage.attributes(tweet, "q", TweetMessage.SOURCE_RECENT_SEARCH);
  }

  /** An Avro file of one string field {@code field}, holding {@code values}: not an archive. */
  public static Path writeOther(Path f, String field, String... values) throws IOException {
    Schema other = SchemaBuilder.record("Other").fields().requiredString(field).endRecord();
    try (DataFileWriter<GenericRecord> writer =
        new DataFileWriter<>(new GenericDatumWriter<GenericRecord>(other))) {
      writer.create(other, f.toFile());
      for (String v : values) {
        GenericRecord r = new GenericData.Record(other);
        r.put(field, v);
        writer.append(r);
      }
    }
    return f;
  }

  /** Where each block of {@code f} ends, just after its sync marker, in file order. */
  public static List<Long> blockEnds(Path f) throws IOException {
    List<Long> ends = new ArrayList<>();
    try (DataFileReader<GenericRecord> reader =
        new DataFileReader<>(f.toFile(), new GenericDatumReader<>())) {
      while (reader.hasNext()) {
        reader.next();
        if (ends.isEmpty() || ends.get(ends.size() - 1) != reader.previousSync()) {
          ends.add(reader.previousSync());
        }
      }
    }
    return ends;
  }

  /** {@code f} with its byte at {@code position} flipped. */
  public static void flipByte(Path f, long position) throws IOException {
    byte[] bytes = Files.readAllBytes(f);
    bytes[Math.toIntExact(position)] ^= (byte) 0xFF;
    Files.write(f, bytes);
  }

  /** {@code f} cut to its first {@code length} bytes. */
  public static void truncate(Path f, long length) throws IOException {
    try (FileChannel channel = FileChannel.open(f, StandardOpenOption.WRITE)) {
      channel.truncate(length);
    }
  }
}
