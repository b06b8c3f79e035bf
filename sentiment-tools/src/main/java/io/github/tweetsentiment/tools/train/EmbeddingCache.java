package io.github.tweetsentiment.tools.train;

import io.github.tweetsentiment.service.embedding.Encoder;
import io.github.tweetsentiment.service.embedding.SentenceEncoder;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * Computes sentence-encoder features for a list of normalized texts, or reads them back from a
 * cache file keyed by a digest of the texts and the embedding settings, so that re-running training
 * takes seconds instead of minutes.
 */
public final class EmbeddingCache {

  private static final int BATCH = 32;

  private final Path directory;
  private final int threads;
  private final PrintStream log;

  /**
   * @param threads texts embedded in parallel (give the embedder one ONNX thread per call)
   */
  public EmbeddingCache(Path directory, int threads, PrintStream log) {
    this.directory = directory;
    this.threads = Math.max(1, threads);
    this.log = log;
  }

  /**
   * The pooled features ({@code [cls | mean | max]}) of {@code texts}, computed with {@code
   * encoder} on a cache miss.
   */
  public float[][] encode(String label, List<String> texts, SentenceEncoder encoder) {
    Encoder e = encoder.encoder();
    String settings =
        e.model() + "|" + e.prefix() + "|" + SentenceEncoder.MAX_TOKENS + "|cls-l2,mean-l2,max";
    return cached(e.id() + "-pooled-" + label, settings, texts, encoder::encode);
  }

  private float[][] cached(
      String name, String settings, List<String> texts, Function<List<String>, float[][]> fn) {
    Path file = directory.resolve(name + "-" + key(settings, texts) + ".f32");
    if (Files.isRegularFile(file)) {
      log.printf("%s: reading %d cached embeddings from %s%n", name, texts.size(), file);
      return read(file, texts.size());
    }
    float[][] out = compute(name, texts, fn);
    write(file, out);
    log.printf("%s: cached embeddings in %s%n", name, file);
    return out;
  }

  private float[][] compute(
      String label, List<String> texts, Function<List<String>, float[][]> embedder) {
    // Each text runs alone (as in serving); the session is thread-safe, so workers share it.
    float[][] out = new float[texts.size()][];
    AtomicInteger next = new AtomicInteger();
    AtomicInteger done = new AtomicInteger();
    long start = System.nanoTime();
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<?>> workers = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        workers.add(
            pool.submit(
                () -> {
                  for (int from = next.getAndAdd(BATCH);
                      from < out.length;
                      from = next.getAndAdd(BATCH)) {
                    int to = Math.min(out.length, from + BATCH);
                    float[][] vectors = embedder.apply(texts.subList(from, to));
                    System.arraycopy(vectors, 0, out, from, to - from);
                    done.addAndGet(to - from);
                  }
                }));
      }
      long lastReport = start;
      for (Future<?> worker : workers) {
        while (true) {
          try {
            worker.get(10, TimeUnit.SECONDS);
            break;
          } catch (TimeoutException e) {
            long now = System.nanoTime();
            if (now - lastReport > 10_000_000_000L) {
              log.printf(
                  "%s: embedded %d/%d tweets (%.0f tweets/s)%n",
                  label, done.get(), out.length, done.get() / ((now - start) / 1e9));
              lastReport = now;
            }
          }
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("embedding interrupted", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("embedding failed", e.getCause());
    } finally {
      pool.shutdownNow();
    }
    log.printf(
        "%s: embedded %d tweets in %.0f s%n", label, out.length, (System.nanoTime() - start) / 1e9);
    return out;
  }

  private static String key(String settings, List<String> texts) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      sha.update((settings + "|one-per-call").getBytes(StandardCharsets.UTF_8));
      for (String t : texts) {
        sha.update(t.getBytes(StandardCharsets.UTF_8));
        sha.update((byte) '\n');
      }
      return HexFormat.of().formatHex(sha.digest(), 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  private static float[][] read(Path file, int expected) {
    try (DataInputStream in =
        new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 16))) {
      int n = in.readInt();
      int d = in.readInt();
      if (n != expected) {
        throw new IOException("cache file " + file + " holds " + n + " rows, expected " + expected);
      }
      float[][] out = new float[n][d];
      for (float[] row : out) {
        for (int j = 0; j < d; j++) {
          row[j] = in.readFloat();
        }
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read embedding cache " + file + " (delete it)", e);
    }
  }

  private void write(Path file, float[][] rows) {
    try {
      Files.createDirectories(directory);
      Path tmp = Files.createTempFile(directory, "pooled-", ".tmp");
      try (DataOutputStream out =
          new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(tmp), 1 << 16))) {
        out.writeInt(rows.length);
        out.writeInt(rows.length == 0 ? 0 : rows[0].length);
        for (float[] row : rows) {
          for (float v : row) {
            out.writeFloat(v);
          }
        }
      }
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write embedding cache in " + directory, e);
    }
  }
}
