package io.github.tweetsentiment.service.onnx;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * A Hugging Face {@code tokenizer.json} (run by DJL's binding of the Rust tokenizers library) that
 * turns a batch of texts into padded {@link TokenizedBatch}es, truncated to {@code maxTokens}
 * including special tokens.
 */
public final class TransformerTokenizer implements AutoCloseable {

  static {
    // DJL otherwise "calls home" when a tokenizer is created (an EC2 metadata probe and a usage
    // beacon) and may download native libraries. A service must do neither: the library for
    // this platform ships inside the DJL jar. An operator can still override both properties.
    setIfAbsent("OPT_OUT_TRACKING", "true");
    setIfAbsent("ai.djl.offline", "true");
  }

  private static void setIfAbsent(String key, String value) {
    if (System.getProperty(key) == null) {
      System.setProperty(key, value);
    }
  }

  private final HuggingFaceTokenizer tokenizer;
  private final int maxTokens;
  private final long padId;

  private TransformerTokenizer(HuggingFaceTokenizer tokenizer, int maxTokens, long padId) {
    this.tokenizer = tokenizer;
    this.maxTokens = maxTokens;
    this.padId = padId;
  }

  /**
   * Loads a tokenizer from the bytes of a {@code tokenizer.json}.
   *
   * @param maxTokens longer texts are truncated to this many tokens, special tokens included
   */
  public static TransformerTokenizer fromJson(byte[] tokenizerJson, int maxTokens)
      throws IOException {
    if (maxTokens < 8) {
      throw new IllegalArgumentException("maxTokens must be at least 8, got " + maxTokens);
    }
    Map<String, String> options =
        Map.of(
            "addSpecialTokens", "true",
            "truncation", "true",
            "padding", "false",
            "maxLength", Integer.toString(maxTokens));
    HuggingFaceTokenizer tokenizer =
        HuggingFaceTokenizer.newInstance(new ByteArrayInputStream(tokenizerJson), options);
    return new TransformerTokenizer(tokenizer, maxTokens, padId(tokenizerJson));
  }

  /** The id of the padding token: from the file's padding section or its added tokens, else 0. */
  static long padId(byte[] tokenizerJson) throws IOException {
    JsonNode root = new ObjectMapper().readTree(tokenizerJson);
    JsonNode padding = root.path("padding");
    if (padding.has("pad_id")) {
      return padding.get("pad_id").asLong();
    }
    for (JsonNode token : root.path("added_tokens")) {
      String content = token.path("content").asText();
      if (content.equals("<pad>") || content.equals("[PAD]")) {
        return token.path("id").asLong();
      }
    }
    return 0;
  }

  public int maxTokens() {
    return maxTokens;
  }

  /** One text's token ids and type ids, unpadded. */
  @SuppressWarnings("ArrayRecordComponent")
  public record Tokens(long[] ids, long[] typeIds) {
    public int length() {
      return ids.length;
    }
  }

  /** Tokenizes a batch (one native call), without padding. */
  public List<Tokens> tokenize(List<String> texts) {
    Encoding[] encodings = tokenizer.batchEncode(texts);
    List<Tokens> out = new java.util.ArrayList<>(encodings.length);
    for (Encoding e : encodings) {
      out.add(new Tokens(e.getIds(), e.getTypeIds()));
    }
    return out;
  }

  /** Right-pads tokenized texts to the longest of them. */
  public TokenizedBatch pad(List<Tokens> tokens) {
    int length = 1;
    for (Tokens t : tokens) {
      length = Math.max(length, t.length());
    }
    int batch = tokens.size();
    long[] ids = new long[batch * length];
    long[] mask = new long[batch * length];
    long[] types = new long[batch * length];
    java.util.Arrays.fill(ids, padId);
    for (int b = 0; b < batch; b++) {
      Tokens t = tokens.get(b);
      int n = t.length();
      System.arraycopy(t.ids(), 0, ids, b * length, n);
      System.arraycopy(t.typeIds(), 0, types, b * length, n);
      java.util.Arrays.fill(mask, b * length, b * length + n, 1L);
    }
    return new TokenizedBatch(batch, length, ids, mask, types);
  }

  /** Tokenizes and right-pads a batch. */
  public TokenizedBatch encode(List<String> texts) {
    return pad(tokenize(texts));
  }

  @Override
  public void close() {
    tokenizer.close();
  }
}
