package io.github.tweetsentiment.service.train;

import io.github.tweetsentiment.service.embedding.BgeEmbedder;
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
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Computes bge embeddings for a list of normalized texts, or reads them back from a cache file
 * keyed by a digest of the texts and the embedding settings, so that re-running training takes
 * seconds instead of minutes.
 */
public final class EmbeddingCache {

  private static final int BATCH = 32;

  private final Path directory;
  private final PrintStream log;

  public EmbeddingCache(Path directory, PrintStream log) {
    this.directory = directory;
    this.log = log;
  }

  /** The embeddings of {@code texts}, computed with {@code embedder} on a cache miss. */
  public float[][] embed(String label, List<String> texts, BgeEmbedder embedder) {
    Path file = directory.resolve("bge-" + label + "-" + key(texts) + ".f32");
    if (Files.isRegularFile(file)) {
      log.printf("%s: reading %d cached embeddings from %s%n", label, texts.size(), file);
      return read(file, texts.size());
    }
    float[][] out = compute(label, texts, embedder);
    write(file, out);
    log.printf("%s: cached embeddings in %s%n", label, file);
    return out;
  }

  private float[][] compute(String label, List<String> texts, BgeEmbedder embedder) {
    // Batches of similar length waste little work on padding.
    Integer[] order =
        IntStream.range(0, texts.size())
            .boxed()
            .sorted(Comparator.comparingInt(i -> texts.get(i).length()))
            .toArray(Integer[]::new);
    float[][] out = new float[texts.size()][];
    long start = System.nanoTime();
    long lastReport = start;
    for (int from = 0; from < order.length; from += BATCH) {
      int to = Math.min(order.length, from + BATCH);
      List<String> batch = new ArrayList<>(to - from);
      for (int k = from; k < to; k++) {
        batch.add(texts.get(order[k]));
      }
      float[][] vectors = embedder.embed(batch);
      for (int k = from; k < to; k++) {
        out[order[k]] = vectors[k - from];
      }
      long now = System.nanoTime();
      if (now - lastReport > 10_000_000_000L || to == order.length) {
        double seconds = (now - start) / 1e9;
        log.printf(
            "%s: embedded %d/%d tweets (%.0f tweets/s)%n", label, to, order.length, to / seconds);
        lastReport = now;
      }
    }
    return out;
  }

  private static String key(List<String> texts) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      sha.update(
          (BgeEmbedder.MODEL_RESOURCE + "|" + BgeEmbedder.MAX_TOKENS + "|cls|l2")
              .getBytes(StandardCharsets.UTF_8));
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
      Path tmp = Files.createTempFile(directory, "bge-", ".tmp");
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
