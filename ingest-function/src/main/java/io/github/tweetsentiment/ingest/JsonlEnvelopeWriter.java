package io.github.tweetsentiment.ingest;

import io.github.tweetsentiment.core.TweetJson;
import io.github.tweetsentiment.core.TweetMessage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * Appends each envelope as one line to a JSONL file: the record command's sink. Each {@link
 * #flush()} writes the envelopes queued since the last one in {@code created_at} order, oldest
 * first (the API pages newest first), so a poll, which flushes once, adds a stretch of stream in
 * time order. Futures complete once the lines are written and synced, so the record command's
 * checkpoint advances only past tweets that are on disk.
 */
public final class JsonlEnvelopeWriter implements EnvelopePublisher {
  private final Path path;
  private final FileChannel channel;
  private final List<Pending> pending = new ArrayList<>();
  private long lines;

  public JsonlEnvelopeWriter(Path path) throws IOException {
    this.path = Objects.requireNonNull(path, "path").toAbsolutePath();
    Path parent = this.path.getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    this.channel =
        FileChannel.open(
            this.path,
            StandardOpenOption.CREATE,
            StandardOpenOption.WRITE,
            StandardOpenOption.APPEND);
  }

  @Override
  public synchronized CompletableFuture<String> publish(OutboundMessage message) {
    if (message.data().indexOf('\n') >= 0) {
      // TweetJson writes one line; a newline would split the record in two.
      throw new IllegalArgumentException("envelope spans more than one line");
    }
    CompletableFuture<String> future = new CompletableFuture<>();
    pending.add(new Pending(message, future));
    return future;
  }

  @Override
  public synchronized void flush() {
    if (pending.isEmpty()) {
      return;
    }
    pending.sort(Pending.OLDEST_FIRST);
    StringBuilder sb = new StringBuilder();
    for (Pending p : pending) {
      sb.append(TweetMessage.recordingLine(p.message().data(), p.message().attributes()))
          .append('\n');
    }
    try {
      ByteBuffer buffer = ByteBuffer.wrap(sb.toString().getBytes(StandardCharsets.UTF_8));
      while (buffer.hasRemaining()) {
        channel.write(buffer);
      }
      channel.force(false);
      for (Pending p : pending) {
        p.future().complete(path.getFileName() + ":" + ++lines);
      }
    } catch (IOException e) {
      UncheckedIOException failure =
          new UncheckedIOException("cannot append to " + path + ": " + e.getMessage(), e);
      pending.forEach(p -> p.future().completeExceptionally(failure));
    } finally {
      pending.clear();
    }
  }

  /** A queued envelope and the future its publisher waits on. */
  private record Pending(OutboundMessage message, CompletableFuture<String> future) {
    /** Numeric order of tweet ids, numeric strings without leading zeros. */
    private static final Comparator<String> TWEET_ID_ORDER =
        Comparator.comparingInt(String::length).thenComparing(Comparator.naturalOrder());

    /** By {@code created_at}, then by id: ids grow with time, so they break ties the same way. */
    static final Comparator<Pending> OLDEST_FIRST =
        Comparator.comparing(Pending::createdAt, Comparator.nullsFirst(Comparator.naturalOrder()))
            .thenComparing(Pending::tweetId, TWEET_ID_ORDER);

    Instant createdAt() {
      String value = message.attributes().get(TweetMessage.CREATED_AT);
      return value != null
          ? TweetJson.parseTimestamp(value, TweetMessage.CREATED_AT)
          : TweetIds.createdAt(tweetId());
    }

    String tweetId() {
      return message.attributes().getOrDefault(TweetMessage.TWEET_ID, "");
    }
  }

  @Override
  public synchronized void close() {
    flush();
    try {
      channel.close();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot close " + path, e);
    }
  }

  @Override
  public String toString() {
    return "jsonl:" + path;
  }
}
