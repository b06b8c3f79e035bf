package io.github.tweetsentiment.pipeline.coders;

import io.github.tweetsentiment.core.PublicMetrics;
import io.github.tweetsentiment.core.Tweet;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/** Encodes a {@link Tweet}, every optional field with a presence flag. */
public final class TweetCoder extends VersionedCoder<Tweet> {

  private static final TweetCoder INSTANCE = new TweetCoder();

  private TweetCoder() {
    super(1);
  }

  public static TweetCoder of() {
    return INSTANCE;
  }

  @Override
  protected void encodeFields(Tweet t, OutputStream out) throws IOException {
    Fields.writeString(t.id(), out);
    Fields.writeString(t.text(), out);
    Fields.writeNullableInstant(t.createdAt(), out);
    Fields.writeNullableString(t.authorId(), out);
    Fields.writeNullableString(t.authorUsername(), out);
    Fields.writeNullableString(t.authorName(), out);
    Fields.writeNullableString(t.lang(), out);
    Fields.writeNullableString(t.conversationId(), out);
    Fields.writeStrings(t.referencedTweetTypes(), out);
    PublicMetrics m = t.publicMetrics();
    Fields.writePresent(m != null, out);
    if (m != null) {
      Fields.writeNullableLong(m.retweetCount(), out);
      Fields.writeNullableLong(m.replyCount(), out);
      Fields.writeNullableLong(m.likeCount(), out);
      Fields.writeNullableLong(m.quoteCount(), out);
      Fields.writeNullableLong(m.bookmarkCount(), out);
      Fields.writeNullableLong(m.impressionCount(), out);
    }
    Fields.writeStrings(t.hashtags(), out);
    Fields.writeStrings(t.mentions(), out);
    Fields.writeStrings(t.urls(), out);
  }

  @Override
  protected Tweet decodeFields(int formatVersion, InputStream in) throws IOException {
    if (formatVersion != 1) {
      throw unknownVersion(formatVersion);
    }
    return new Tweet(
        Fields.readString(in),
        Fields.readString(in),
        Fields.readNullableInstant(in),
        Fields.readNullableString(in),
        Fields.readNullableString(in),
        Fields.readNullableString(in),
        Fields.readNullableString(in),
        Fields.readNullableString(in),
        Fields.readStrings(in),
        Fields.readPresent(in)
            ? new PublicMetrics(
                Fields.readNullableLong(in),
                Fields.readNullableLong(in),
                Fields.readNullableLong(in),
                Fields.readNullableLong(in),
                Fields.readNullableLong(in),
                Fields.readNullableLong(in))
            : null,
        Fields.readStrings(in),
        Fields.readStrings(in),
        Fields.readStrings(in));
  }
}
