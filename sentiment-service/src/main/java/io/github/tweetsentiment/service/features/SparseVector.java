package io.github.tweetsentiment.service.features;

/**
 * A feature vector as parallel index and value arrays; indices may repeat (their values add up).
 *
 * <p>The arrays are owned by the vector: callers must not modify them after construction. They are
 * exposed directly because they sit on the scoring hot path.
 */
@SuppressWarnings("ArrayRecordComponent")
public record SparseVector(int[] indices, float[] values) {

  public SparseVector {
    if (indices.length != values.length) {
      throw new IllegalArgumentException(
          "indices and values differ in length: " + indices.length + " vs " + values.length);
    }
  }

  /** The number of stored entries. */
  public int size() {
    return indices.length;
  }

  /** This vector's entries followed by {@code other}'s with their indices shifted by offset. */
  public SparseVector concat(SparseVector other, int offset) {
    int n = indices.length;
    int[] idx = java.util.Arrays.copyOf(indices, n + other.indices.length);
    float[] val = java.util.Arrays.copyOf(values, n + other.values.length);
    for (int k = 0; k < other.indices.length; k++) {
      idx[n + k] = other.indices[k] + offset;
      val[n + k] = other.values[k];
    }
    return new SparseVector(idx, val);
  }
}
