package io.github.tweetsentiment.service.http;

/**
 * Request limits of the predict endpoint.
 *
 * @param maxInstances instances per request (more: 413 too-many-instances)
 * @param maxBodyBytes request body size (more: 413 body-too-large)
 * @param maxTextChars UTF-16 characters per text (more: 400 text-too-long; texts are rejected, not
 *     truncated, so a caller never gets a score for a text other than the one it sent)
 */
public record ServiceLimits(int maxInstances, int maxBodyBytes, int maxTextChars) {

  /**
   * 256 instances, 1 MiB, 25,000 characters: X's longest post (a long post's whole text, from
   * {@code note_tweet.text}, is what the pipeline scores). A batch of long posts over the body
   * limit gets 413, and the client splits it.
   */
  public static final ServiceLimits DEFAULT = new ServiceLimits(256, 1 << 20, 25_000);

  public ServiceLimits {
    if (maxInstances < 1 || maxBodyBytes < 64 || maxTextChars < 1) {
      throw new IllegalArgumentException(
          "limits must be positive (max body at least 64 bytes), got instances "
              + maxInstances
              + ", body "
              + maxBodyBytes
              + ", text "
              + maxTextChars);
    }
  }
}
