package io.github.tweetsentiment.service.features;

/**
 * How {@link HashedNgramFeaturizer} turns text into features.
 *
 * @param hashBits the feature space has {@code 2^hashBits} buckets
 * @param maxWordN word n-grams of length 1 to this (0 turns them off)
 * @param minCharN shortest character n-gram
 * @param maxCharN longest character n-gram (0 turns them off)
 */
public record NgramConfig(int hashBits, int maxWordN, int minCharN, int maxCharN) {

  /** The configuration of the {@code fast} model. */
  public static final NgramConfig DEFAULT = new NgramConfig(18, 2, 2, 5);

  public NgramConfig {
    if (hashBits < 4 || hashBits > 24) {
      throw new IllegalArgumentException("hashBits must be in [4, 24], got " + hashBits);
    }
    if (maxWordN < 0 || maxWordN > 3) {
      throw new IllegalArgumentException("maxWordN must be in [0, 3], got " + maxWordN);
    }
    if (maxCharN != 0 && (minCharN < 1 || minCharN > maxCharN || maxCharN > 8)) {
      throw new IllegalArgumentException(
          "character n-gram lengths must satisfy 1 <= min <= max <= 8, got "
              + minCharN
              + ".."
              + maxCharN);
    }
  }

  /** The number of buckets. */
  public int dimension() {
    return 1 << hashBits;
  }
}
