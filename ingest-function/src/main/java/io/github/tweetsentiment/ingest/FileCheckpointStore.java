package io.github.tweetsentiment.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.tweetsentiment.core.TweetJson;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.UnaryOperator;

/**
 * Checkpoints in a local JSON file, for local runs and the record command: {@code {"<query>":
 * {"since_id": "...", "updated_at": "...", "gaps": [{"since_id": "...", "until_id": "...",
 * "recorded_at": "..."}, {"start_time": "...", "until_id": "...", "recorded_at": "..."}]}}}. An
 * entry without {@code gaps} (written before gaps were recorded) reads as one without gaps.
 *
 * <p>The X API read usage lives beside it, in {@code <file>.usage.json}: {@code {"day":
 * "2026-12-07", "day_posts": 0, "day_users": 0, "month": "2026-12", "month_posts": 0,
 * "month_users": 0}}.
 *
 * <p>A lock file serializes processes sharing the file and the JVM monitor serializes threads; each
 * write goes to a temporary file that atomically replaces the old one, so a crash never leaves half
 * a file.
 */
public final class FileCheckpointStore implements CheckpointStore {
  // File locks are held per JVM, not per thread: a second lock() on the same file from this JVM
  // throws instead of waiting. One monitor per file, shared by every store object in the JVM,
  // serializes threads; the file lock then serializes processes.
  private static final ConcurrentMap<Path, ReentrantLock> JVM_LOCKS = new ConcurrentHashMap<>();

  private final Path path;
  private final Path usagePath;
  private final Path lockPath;
  private final ReentrantLock jvmLock;

  public FileCheckpointStore(Path path) {
    this.path = Objects.requireNonNull(path, "path").toAbsolutePath().normalize();
    this.lockPath = this.path.resolveSibling(this.path.getFileName() + ".lock");
    this.usagePath = this.path.resolveSibling(this.path.getFileName() + ".usage.json");
    this.jvmLock = JVM_LOCKS.computeIfAbsent(this.path, p -> new ReentrantLock());
  }

  public Path path() {
    return path;
  }

  @Override
  public Optional<Checkpoint> read(String query) {
    jvmLock.lock();
    try {
      return Optional.ofNullable(entry(load(), query));
    } catch (IOException e) {
      throw new CheckpointException(
          "cannot read checkpoint file " + path + ": " + e.getMessage(), e);
    } finally {
      jvmLock.unlock();
    }
  }

  @Override
  public boolean compareAndSet(String query, Checkpoint expected, Checkpoint next) {
    return locked(
        "cannot write checkpoint file " + path,
        () -> {
          ObjectNode all = load();
          if (!Checkpoint.sameProgress(entry(all, query), expected)) {
            return false;
          }
          all.set(query, toJson(next));
          write(path, all);
          return true;
        });
  }

  @Override
  public UsageChange updateUsage(Instant now, UnaryOperator<ReadUsage> change) {
    return locked(
        "cannot update the X API usage file " + usagePath,
        () -> {
          ReadUsage before = readUsage(now);
          ReadUsage after = change.apply(before);
          write(usagePath, TweetJson.mapper().valueToTree(after.fields()));
          return new UsageChange(before, after);
        });
  }

  /** What a read-modify-write does while it holds both locks. */
  private interface LockedWork<T> {
    T run() throws IOException;
  }

  /**
   * Runs {@code work} holding this JVM's monitor and the lock file; {@code failure} heads errors.
   */
  private <T> T locked(String failure, LockedWork<T> work) {
    jvmLock.lock();
    try {
      Files.createDirectories(path.getParent());
      try (FileChannel lockChannel =
          FileChannel.open(lockPath, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
        // Held until the channel closes at the end of this block.
        lockChannel.lock();
        return work.run();
      }
    } catch (IOException | IllegalArgumentException e) {
      throw new CheckpointException(failure + ": " + e.getMessage(), e);
    } finally {
      jvmLock.unlock();
    }
  }

  /** The stored usage in the periods of {@code now}; none stored: nothing read. */
  private ReadUsage readUsage(Instant now) throws IOException {
    if (!Files.exists(usagePath)) {
      return ReadUsage.none(now);
    }
    JsonNode u = TweetJson.mapper().readTree(usagePath.toFile());
    if (u == null || !u.hasNonNull("day")) {
      return ReadUsage.none(now);
    }
    return new ReadUsage(
            u.get("day").asText(),
            u.path("day_posts").asLong(),
            u.path("day_users").asLong(),
            u.path("month").asText(""),
            u.path("month_posts").asLong(),
            u.path("month_users").asLong())
        .at(now);
  }

  private ObjectNode load() throws IOException {
    if (!Files.exists(path)) {
      return TweetJson.mapper().createObjectNode();
    }
    JsonNode root;
    try {
      root = TweetJson.mapper().readTree(path.toFile());
    } catch (IOException e) {
      throw new IOException(
          "not valid JSON (fix or delete the file to start again from the lookback): "
              + e.getMessage(),
          e);
    }
    if (root == null || root.isMissingNode()) {
      return TweetJson.mapper().createObjectNode();
    }
    if (!root.isObject()) {
      throw new IOException("expected a JSON object of query -> checkpoint");
    }
    return (ObjectNode) root;
  }

  private static Checkpoint entry(ObjectNode all, String query) throws IOException {
    JsonNode e = all.get(query);
    if (e == null || !e.hasNonNull("since_id")) {
      return null;
    }
    try {
      List<Gap> gaps = new ArrayList<>();
      for (JsonNode g : e.path("gaps")) {
        gaps.add(
            new Gap(
                text(g, "since_id"),
                time(g, "start_time"),
                text(g, "until_id"),
                time(g, "recorded_at")));
      }
      return new Checkpoint(query, e.get("since_id").asText(), gaps, time(e, "updated_at"));
    } catch (RuntimeException ex) {
      throw new IOException(
          "the entry of '" + query + "' is not a checkpoint (" + ex.getMessage() + ")", ex);
    }
  }

  private static ObjectNode toJson(Checkpoint checkpoint) {
    ObjectNode e = TweetJson.mapper().createObjectNode();
    e.put("since_id", checkpoint.sinceId());
    if (checkpoint.updatedAt() != null) {
      e.put("updated_at", TweetJson.formatTimestamp(checkpoint.updatedAt()));
    }
    ArrayNode gaps = e.putArray("gaps");
    for (Gap gap : checkpoint.gaps()) {
      ObjectNode g = gaps.addObject();
      if (gap.sinceId() != null) {
        g.put("since_id", gap.sinceId());
      } else {
        g.put("start_time", TweetJson.formatTimestamp(gap.startTime()));
      }
      g.put("until_id", gap.untilId());
      if (gap.recordedAt() != null) {
        g.put("recorded_at", TweetJson.formatTimestamp(gap.recordedAt()));
      }
    }
    return e;
  }

  private static String text(JsonNode node, String field) {
    JsonNode v = node.get(field);
    return v == null || v.isNull() ? null : v.asText();
  }

  private static Instant time(JsonNode node, String field) {
    String v = text(node, field);
    return v == null ? null : TweetJson.parseTimestamp(v, field);
  }

  private static void write(Path path, ObjectNode all) throws IOException {
    Path tmp = path.resolveSibling(path.getFileName() + ".tmp");
    byte[] bytes = TweetJson.mapper().writerWithDefaultPrettyPrinter().writeValueAsBytes(all);
    try (FileChannel ch =
        FileChannel.open(
            tmp,
            StandardOpenOption.CREATE,
            StandardOpenOption.WRITE,
            StandardOpenOption.TRUNCATE_EXISTING)) {
      ch.write(ByteBuffer.wrap(bytes));
      ch.write(ByteBuffer.wrap("\n".getBytes(StandardCharsets.UTF_8)));
      ch.force(true);
    }
    try {
      Files.move(tmp, path, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(tmp, path, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  @Override
  public void close() {}

  @Override
  public String toString() {
    return "file:" + path;
  }
}
