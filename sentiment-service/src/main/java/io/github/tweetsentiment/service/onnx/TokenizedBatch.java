package io.github.tweetsentiment.service.onnx;

/**
 * A batch of token sequences, right-padded to the longest: row-major {@code [batch, length]} arrays
 * ready to become ONNX tensors.
 */
@SuppressWarnings("ArrayRecordComponent")
public record TokenizedBatch(
    int batch, int length, long[] inputIds, long[] attentionMask, long[] typeIds) {

  /** The shape of each array as an ONNX tensor. */
  public long[] shape() {
    return new long[] {batch, length};
  }
}
