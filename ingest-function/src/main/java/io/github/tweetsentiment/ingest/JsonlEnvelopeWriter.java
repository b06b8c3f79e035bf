package io.github.tweetsentiment.ingest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * Appends each envelope as one line to a JSONL file: the record command's sink. Futures complete on
 * {@link #flush()}, once the lines are written and synced, so the record command's checkpoint
 * advances only past tweets that are on disk.
 */
public final class JsonlEnvelopeWriter implements EnvelopePublisher {
  private final Path path;
  private final FileChannel channel;
  private final List<String> pendingLines = new ArrayList<>();
  private final List<CompletableFuture<String>> pendingFutures = new ArrayList<>();
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
    pendingLines.add(message.data());
    pendingFutures.add(future);
    return future;
  }

  @Override
  public synchronized void flush() {
    if (pendingLines.isEmpty()) {
      return;
    }
    StringBuilder sb = new StringBuilder();
    for (String line : pendingLines) {
      sb.append(line).append('\n');
    }
    try {
      ByteBuffer buffer = ByteBuffer.wrap(sb.toString().getBytes(StandardCharsets.UTF_8));
      while (buffer.hasRemaining()) {
        channel.write(buffer);
      }
      channel.force(false);
      for (CompletableFuture<String> f : pendingFutures) {
        f.complete(path.getFileName() + ":" + ++lines);
      }
    } catch (IOException e) {
      UncheckedIOException failure =
          new UncheckedIOException("cannot append to " + path + ": " + e.getMessage(), e);
      pendingFutures.forEach(f -> f.completeExceptionally(failure));
    } finally {
      pendingLines.clear();
      pendingFutures.clear();
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
