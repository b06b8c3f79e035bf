package io.github.tweetsentiment.pipeline.read;

import io.github.tweetsentiment.pipeline.coders.Fields;
import io.github.tweetsentiment.pipeline.coders.VersionedCoder;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import org.apache.beam.sdk.coders.CoderProvider;
import org.apache.beam.sdk.coders.CoderProviders;
import org.apache.beam.sdk.coders.DefaultCoder;
import org.apache.beam.sdk.values.TypeDescriptor;

/**
 * An input file, or the rest of one, that could not be read: a {@code .avro} file that is not an
 * archive of the tweets topic, or whose data is damaged or cut short. The messages before the
 * damage were read; this says which file, how far and why, for a dead letter of stage {@code read}.
 *
 * @param file the file's name, as the {@code file} attribute of its dead letter
 * @param recordsRead how many messages the file gave before the damage
 * @param failedAt when the reader gave up
 * @param errorType the exception class
 * @param errorMessage what went wrong and what to do
 * @param stackTrace the stack trace
 */
@DefaultCoder(UnreadableFile.UnreadableFileCoder.class)
public record UnreadableFile(
    String file,
    long recordsRead,
    Instant failedAt,
    String errorType,
    String errorMessage,
    String stackTrace) {

  public UnreadableFile {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(failedAt, "failedAt");
    Objects.requireNonNull(errorType, "errorType");
    Objects.requireNonNull(errorMessage, "errorMessage");
    Objects.requireNonNull(stackTrace, "stackTrace");
  }

  /** The attributes of its dead letter: the file, and how many records it gave first. */
  public Map<String, String> attributes() {
    return Map.of("file", file, "records_read", Long.toString(recordsRead));
  }

  /** Every field. */
  public static final class UnreadableFileCoder extends VersionedCoder<UnreadableFile> {
    private static final UnreadableFileCoder INSTANCE = new UnreadableFileCoder();

    private UnreadableFileCoder() {
      super(1);
    }

    public static UnreadableFileCoder of() {
      return INSTANCE;
    }

    /** What {@code @DefaultCoder} calls to find this coder. */
    public static CoderProvider getCoderProvider() {
      return CoderProviders.forCoder(TypeDescriptor.of(UnreadableFile.class), INSTANCE);
    }

    @Override
    protected void encodeFields(UnreadableFile u, OutputStream out) throws IOException {
      Fields.writeString(u.file, out);
      Fields.writeLong(u.recordsRead, out);
      Fields.writeInstant(u.failedAt, out);
      Fields.writeString(u.errorType, out);
      Fields.writeString(u.errorMessage, out);
      Fields.writeString(u.stackTrace, out);
    }

    @Override
    protected UnreadableFile decodeFields(int formatVersion, InputStream in) throws IOException {
      if (formatVersion != 1) {
        throw unknownVersion(formatVersion);
      }
      return new UnreadableFile(
          Fields.readString(in),
          Fields.readLong(in),
          Fields.readInstant(in),
          Fields.readString(in),
          Fields.readString(in),
          Fields.readString(in));
    }
  }
}
