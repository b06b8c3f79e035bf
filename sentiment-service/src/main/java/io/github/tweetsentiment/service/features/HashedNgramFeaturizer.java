package io.github.tweetsentiment.service.features;

import java.util.Locale;

/**
 * Hashed word and character n-grams of a normalized tweet (the hashing trick: no vocabulary to
 * store, a fixed number of buckets).
 *
 * <p>Text is lower-cased. Word tokens are whitespace-separated chunks with leading and trailing
 * punctuation split off as tokens of their own ({@code "great!!"} gives {@code great} and {@code
 * !!}); character n-grams run over the text padded with one space on each side, so they also see
 * word boundaries. Each group's entries are scaled by {@code 1/sqrt(count)}, so a tweet's word part
 * and character part each have unit length however long the tweet is (repeats aside).
 *
 * <p>Thread-safe and allocation-light: it is on the scoring hot path of the {@code fast} model.
 */
public final class HashedNgramFeaturizer {

  private static final int FNV_OFFSET = 0x811C9DC5;
  private static final int FNV_PRIME = 0x01000193;
  private static final int WORD_SEED = 0x5BD1E995;
  private static final int BIGRAM_SEED = 0x1B873593;
  private static final int TRIGRAM_SEED = 0x27D4EB2F;
  private static final int CHAR_SEED = 0x165667B1;

  private final NgramConfig config;
  private final int mask;

  public HashedNgramFeaturizer(NgramConfig config) {
    this.config = config;
    this.mask = config.dimension() - 1;
  }

  public NgramConfig config() {
    return config;
  }

  /** The number of buckets; every index this featurizer emits is below it. */
  public int dimension() {
    return config.dimension();
  }

  /**
   * The features of an already {@link io.github.tweetsentiment.service.text.TweetNormalizer
   * normalized} text.
   */
  public SparseVector featurize(String normalizedText) {
    String text = normalizedText.toLowerCase(Locale.ROOT);
    int len = text.length();
    int maxChar = config.maxCharN();
    int charCount = maxChar == 0 ? 0 : countCharNgrams(len + 2, config.minCharN(), maxChar);
    int[] tokenHashes = config.maxWordN() == 0 ? new int[0] : tokenHashes(text);
    int wordCount = 0;
    for (int n = 1; n <= config.maxWordN(); n++) {
      wordCount += Math.max(0, tokenHashes.length - n + 1);
    }
    int[] idx = new int[wordCount + charCount];
    float[] val = new float[wordCount + charCount];
    int k = 0;
    if (wordCount > 0) {
      float w = (float) (1.0 / Math.sqrt(wordCount));
      for (int i = 0; i < tokenHashes.length; i++) {
        idx[k] = bucket(tokenHashes[i] ^ WORD_SEED);
        val[k++] = w;
        if (config.maxWordN() >= 2 && i + 1 < tokenHashes.length) {
          idx[k] = bucket(tokenHashes[i] * 31 + tokenHashes[i + 1] ^ BIGRAM_SEED);
          val[k++] = w;
        }
        if (config.maxWordN() >= 3 && i + 2 < tokenHashes.length) {
          idx[k] =
              bucket(
                  (tokenHashes[i] * 31 + tokenHashes[i + 1]) * 31 + tokenHashes[i + 2]
                      ^ TRIGRAM_SEED);
          val[k++] = w;
        }
      }
    }
    if (charCount > 0) {
      float w = (float) (1.0 / Math.sqrt(charCount));
      int padded = len + 2;
      for (int start = 0; start < padded; start++) {
        int h = FNV_OFFSET ^ CHAR_SEED;
        for (int n = 1; n <= maxChar && start + n <= padded; n++) {
          h = (h ^ charAt(text, start + n - 1)) * FNV_PRIME;
          if (n >= config.minCharN()) {
            idx[k] = bucket(h);
            val[k++] = w;
          }
        }
      }
    }
    return new SparseVector(idx, val);
  }

  private static int countCharNgrams(int paddedLength, int minN, int maxN) {
    int count = 0;
    for (int n = minN; n <= maxN; n++) {
      count += Math.max(0, paddedLength - n + 1);
    }
    return count;
  }

  /** Character {@code i} of the text padded with a space on each side. */
  private static char charAt(String text, int i) {
    return i == 0 || i == text.length() + 1 ? ' ' : text.charAt(i - 1);
  }

  private int bucket(int hash) {
    return fmix32(hash) & mask;
  }

  /** MurmurHash3's finalizer: spreads every input bit over the whole word. */
  private static int fmix32(int h) {
    h ^= h >>> 16;
    h *= 0x85EBCA6B;
    h ^= h >>> 13;
    h *= 0xC2B2AE35;
    h ^= h >>> 16;
    return h;
  }

  /** FNV-1a hashes of the word tokens, in order. */
  private static int[] tokenHashes(String text) {
    int[] out = new int[8];
    int count = 0;
    int n = text.length();
    int i = 0;
    while (i < n) {
      while (i < n && text.charAt(i) == ' ') {
        i++;
      }
      int start = i;
      while (i < n && text.charAt(i) != ' ') {
        i++;
      }
      if (start == i) {
        break;
      }
      int first = start;
      while (first < i && !isWordChar(text.charAt(first))) {
        first++;
      }
      if (first == i) {
        out = append(out, count++, hash(text, start, i));
        continue;
      }
      int last = i - 1;
      while (!isWordChar(text.charAt(last))) {
        last--;
      }
      if (first > start) {
        out = append(out, count++, hash(text, start, first));
      }
      out = append(out, count++, hash(text, first, last + 1));
      if (last + 1 < i) {
        out = append(out, count++, hash(text, last + 1, i));
      }
    }
    return java.util.Arrays.copyOf(out, count);
  }

  private static boolean isWordChar(char c) {
    return Character.isLetterOrDigit(c) || c == '#' || c == '@' || c == '_';
  }

  private static int[] append(int[] array, int at, int value) {
    int[] a = at < array.length ? array : java.util.Arrays.copyOf(array, array.length * 2);
    a[at] = value;
    return a;
  }

  private static int hash(String s, int from, int to) {
    int h = FNV_OFFSET;
    for (int i = from; i < to; i++) {
      h = (h ^ s.charAt(i)) * FNV_PRIME;
    }
    return h;
  }
}
