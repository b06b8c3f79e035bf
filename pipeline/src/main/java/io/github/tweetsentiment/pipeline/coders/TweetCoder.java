package io.github.tweetsentiment.pipeline.coders;

import io.github.tweetsentiment.core.PublicMetrics;
import io.github.tweetsentiment.core.Tweet;
import java.io.IOException;

/** Encodes a {@link Tweet}, every optional field with a presence flag. */
public final class TweetCoder extends VersionedCoder<Tweet> {

  private static final TweetCoder INSTANCE = new TweetCoder();

  private TweetCoder() {
    super(
        1,
        (out, t) ->
            out.string(t.id())
                .string(t.text())
                .optional(FieldOutput::instant, t.createdAt())
                .optional(FieldOutput::string, t.authorId())
                .optional(FieldOutput::string, t.authorUsername())
                .optional(FieldOutput::string, t.authorName())
                .optional(FieldOutput::string, t.lang())
                .optional(FieldOutput::string, t.conversationId())
                .strings(t.referencedTweetTypes())
                .optional(TweetCoder::writeMetrics, t.publicMetrics())
                .strings(t.hashtags())
                .strings(t.mentions())
                .strings(t.urls()),
        in ->
            new Tweet(
                in.string(),
                in.string(),
                in.optional(FieldInput::instant),
                in.optional(FieldInput::string),
                in.optional(FieldInput::string),
                in.optional(FieldInput::string),
                in.optional(FieldInput::string),
                in.optional(FieldInput::string),
                in.strings(),
                in.optional(TweetCoder::readMetrics),
                in.strings(),
                in.strings(),
                in.strings()));
  }

  public static TweetCoder of() {
    return INSTANCE;
  }

  private static void writeMetrics(FieldOutput out, PublicMetrics m) throws IOException {
    out.optional(FieldOutput::varLong, m.retweetCount())
        .optional(FieldOutput::varLong, m.replyCount())
        .optional(FieldOutput::varLong, m.likeCount())
        .optional(FieldOutput::varLong, m.quoteCount())
        .optional(FieldOutput::varLong, m.bookmarkCount())
        .optional(FieldOutput::varLong, m.impressionCount());
  }

  private static PublicMetrics readMetrics(FieldInput in) throws IOException {
    return new PublicMetrics(
        in.optional(FieldInput::varLong),
        in.optional(FieldInput::varLong),
        in.optional(FieldInput::varLong),
        in.optional(FieldInput::varLong),
        in.optional(FieldInput::varLong),
        in.optional(FieldInput::varLong));
  }
}
