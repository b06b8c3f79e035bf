package io.github.tweetsentiment.pipeline.sink;

import io.github.tweetsentiment.pipeline.coders.Fields;
import io.github.tweetsentiment.pipeline.coders.VersionedCoder;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.apache.beam.sdk.coders.CoderProvider;
import org.apache.beam.sdk.coders.CoderProviders;
import org.apache.beam.sdk.coders.DefaultCoder;
import org.apache.beam.sdk.values.TypeDescriptor;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * A row BigQuery refused to store.
 *
 * @param table the table it was meant for
 * @param rowJson the row as JSON
 * @param error what BigQuery said
 * @param tweetId the row's {@code tweet_id}, when it has one
 * @param messageId the row's {@code message_id}, when it has one
 */
@DefaultCoder(RejectedRow.RejectedRowCoder.class)
public record RejectedRow(
    String table,
    String rowJson,
    String error,
    @Nullable String tweetId,
    @Nullable String messageId) {

  /** Every field. */
  public static final class RejectedRowCoder extends VersionedCoder<RejectedRow> {
    private static final RejectedRowCoder INSTANCE = new RejectedRowCoder();

    private RejectedRowCoder() {
      super(1);
    }

    public static RejectedRowCoder of() {
      return INSTANCE;
    }

    /** What {@code @DefaultCoder} calls to find this coder. */
    public static CoderProvider getCoderProvider() {
      return CoderProviders.forCoder(TypeDescriptor.of(RejectedRow.class), INSTANCE);
    }

    @Override
    protected void encodeFields(RejectedRow r, OutputStream out) throws IOException {
      Fields.writeString(r.table, out);
      Fields.writeString(r.rowJson, out);
      Fields.writeString(r.error, out);
      Fields.writeNullableString(r.tweetId, out);
      Fields.writeNullableString(r.messageId, out);
    }

    @Override
    protected RejectedRow decodeFields(int formatVersion, InputStream in) throws IOException {
      if (formatVersion != 1) {
        throw unknownVersion(formatVersion);
      }
      return new RejectedRow(
          Fields.readString(in),
          Fields.readString(in),
          Fields.readString(in),
          Fields.readNullableString(in),
          Fields.readNullableString(in));
    }
  }
}
