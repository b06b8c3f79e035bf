package io.github.tweetsentiment.service.model;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.tweetsentiment.service.linear.HeadFile;
import io.github.tweetsentiment.service.linear.HeadMetadata;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class EncoderModelTest {

  @Test
  void refusesTunedLayersOtherThanTheOnesTheHeadWasTrainedWith() {
    HeadFile.Contents accurate = FastModel.readResource(EncoderModel.resource("accurate"));
    HeadMetadata.TunedLayers tuned =
        new HeadMetadata.TunedLayers(
            "bge",
            9,
            "accurate-top.onnx",
            EncoderModel.sha256("the layers it was trained with".getBytes(StandardCharsets.UTF_8)),
            0.5,
            "test");
    HeadMetadata m = accurate.metadata();
    HeadFile.Contents withTuned =
        new HeadFile.Contents(
            new HeadMetadata(
                m.name(),
                m.version(),
                m.trainedAt(),
                m.features(),
                m.l2(),
                m.trainingData(),
                m.trainingExamples(),
                m.validation(),
                m.mlp(),
                m.calibration(),
                tuned),
            accurate.head(),
            accurate.arrays());
    List<String> loaded = new ArrayList<>();

    assertThatThrownBy(
            () ->
                new EncoderModel(
                    "accurate",
                    withTuned,
                    (encoder, tap) -> {
                      loaded.add(encoder.id());
                      throw new AssertionError("no encoder should load");
                    },
                    file -> "other layers".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("accurate-top.onnx")
        .hasMessageContaining("restore the file that came with the head");
    org.assertj.core.api.Assertions.assertThat(loaded).isEmpty();
  }
}
