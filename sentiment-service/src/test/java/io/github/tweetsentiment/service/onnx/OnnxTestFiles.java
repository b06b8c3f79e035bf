package io.github.tweetsentiment.service.onnx;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.tweetsentiment.service.embedding.Encoder;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A tokenizer.json (bge's WordPiece, from the class path) and a {@link TinyOnnxClassifier} over its
 * vocabulary in a temporary directory: {@code [CLS]} adds logits (0, 1, 0), {@code good} adds (0,
 * 0, 3) and {@code bad} adds (3, 0, 0).
 */
public record OnnxTestFiles(Path dir, Path model, Path tokenizer) {

  public static OnnxTestFiles create() {
    try {
      Path dir = Files.createTempDirectory("onnx-classifier");
      byte[] tokenizerJson;
      try (InputStream in = Encoder.class.getResourceAsStream(Encoder.BGE.tokenizer())) {
        tokenizerJson = in.readAllBytes();
      }
      Path tokenizer = Files.write(dir.resolve("tokenizer.json"), tokenizerJson);
      JsonNode vocab = new ObjectMapper().readTree(tokenizerJson).path("model").path("vocab");
      Path model =
          Files.write(
              dir.resolve("model.onnx"),
              TinyOnnxClassifier.build(
                  vocab.size(),
                  3,
                  Map.of(
                      vocab.get("[CLS]").asInt(), new float[] {0, 1, 0},
                      vocab.get("good").asInt(), new float[] {0, 0, 3},
                      vocab.get("bad").asInt(), new float[] {3, 0, 0})));
      return new OnnxTestFiles(dir, model, tokenizer);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public void delete() {
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
