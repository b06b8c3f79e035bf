package io.github.tweetsentiment.service.embedding;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * How a text's token vectors become fixed-size features. One encoder pass yields all three; a head
 * file records which of them it reads.
 */
public enum Pooling {
  /** The first token's vector, L2-normalized (what bge is trained to use). */
  CLS,
  /** The mean of all token vectors, L2-normalized (what e5 and MiniLM are trained to use). */
  MEAN,
  /** The per-dimension maximum over tokens: keeps a strong word that averaging would dilute. */
  MAX;

  /** The name in flags and head files. */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Poolings from a comma-separated list such as {@code cls,mean}. */
  public static List<Pooling> parseList(String ids) {
    return Arrays.stream(ids.split(","))
        .filter(s -> !s.isBlank())
        .map(s -> Pooling.valueOf(s.strip().toUpperCase(Locale.ROOT)))
        .toList();
  }
}
