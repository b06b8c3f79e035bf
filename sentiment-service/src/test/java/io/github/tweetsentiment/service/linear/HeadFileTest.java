package io.github.tweetsentiment.service.linear;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.tweetsentiment.service.features.NgramConfig;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

class HeadFileTest {

  private static final HeadMetadata METADATA =
      new HeadMetadata(
          "fast",
          "2026-11-25.deadbeef",
          "2026-11-25",
          new HeadMetadata.FeatureLayout(0, 0, new NgramConfig(4, 2, 2, 5)),
          1e-4,
          "test data",
          10,
          Map.of("macro_recall", 0.5),
          null,
          new HeadMetadata.Calibration(
              Map.of("negative", 1.5, "neutral", 0.9, "positive", 1.25),
              0.08,
              0.02,
              new io.github.tweetsentiment.core.ShareCorrection(
                  io.github.tweetsentiment.core.ShareCorrection.PACC,
                  java.util.List.of("negative", "neutral", "positive"),
                  new double[][] {{0.7, 0.2, 0.1}, {0.2, 0.6, 0.2}, {0.1, 0.2, 0.7}},
                  new long[] {3, 4, 3})),
          null);

  @Test
  void writeThenRead_roundTripsMetadataHeadAndArrays() throws IOException {
    float[] w = new float[16 * 3];
    for (int i = 0; i < w.length; i++) {
      w[i] = (i - 20) * 0.0123f;
    }
    LinearHead head = new LinearHead(16, 3, w, new float[] {0.1f, -0.2f, 0.3f});
    byte[] bytes = HeadFile.toBytes(METADATA, head, Map.of("scale", new float[] {1.5f, 2.5f}));

    HeadFile.Contents read = HeadFile.read(new ByteArrayInputStream(bytes));

    assertThat(read.metadata()).isEqualTo(METADATA);
    assertThat(read.head().bias()).containsExactly(0.1f, -0.2f, 0.3f);
    float[] back = read.head().weights();
    for (int i = 0; i < w.length; i++) {
      // bfloat16 keeps 8 significant bits
      assertThat(back[i]).isCloseTo(w[i], Offset.offset(Math.abs(w[i]) / 128 + 1e-9f));
    }
    assertThat(read.array("scale")).containsExactly(1.5f, 2.5f);
    assertThatThrownBy(() -> read.array("missing")).hasMessageContaining("no array 'missing'");
  }

  @Test
  void encoderLayout_roundTripsLexiconAndTunedLayers_olderLayoutsReadWithoutALexicon()
      throws IOException {
    HeadMetadata.FeatureLayout withLexicon =
        new HeadMetadata.FeatureLayout(
            384,
            1.0,
            new NgramConfig(4, 2, 2, 5),
            java.util.List.of(new HeadMetadata.EncoderBlock("bge", java.util.List.of("cls"))),
            "vader");
    HeadMetadata metadata =
        new HeadMetadata(
            "accurate",
            "v",
            "2026-11-26",
            withLexicon,
            1e-4,
            "t",
            1,
            Map.of(),
            null,
            null,
            new HeadMetadata.TunedLayers("bge", 9, "accurate-top.onnx", "ab12", 0.55, "t"));
    LinearHead head =
        new LinearHead(
            withLexicon.dimension(), 3, new float[withLexicon.dimension() * 3], new float[3]);

    HeadFile.Contents read =
        HeadFile.read(new ByteArrayInputStream(HeadFile.toBytes(metadata, head, Map.of())));

    assertThat(read.metadata().features()).isEqualTo(withLexicon);
    assertThat(read.metadata().tuned()).isEqualTo(metadata.tuned());
    assertThat(withLexicon.lexiconDimension()).isEqualTo(12);
    assertThat(withLexicon.dimension()).isEqualTo(384 + 12 + 16);
    assertThat(METADATA.features().lexicon()).isNull();
    assertThat(METADATA.features().dimension()).isEqualTo(16);
  }

  @Test
  void calibration_headsWithOneTemperatureReadAsThatTemperatureForEveryLabel() throws IOException {
    LinearHead head = new LinearHead(16, 3, new float[48], new float[3]);
    byte[] current = HeadFile.toBytes(METADATA, head, Map.of());
    byte[] legacy =
        withMetadataJson(
            current,
            json ->
                json.replaceFirst("\"temperature_by_label\":\\{[^}]*\\}", "\"temperature\":1.25"));

    HeadMetadata read = HeadFile.read(new ByteArrayInputStream(legacy)).metadata();

    assertThat(read.calibration().temperatureByLabel())
        .containsExactly(
            Map.entry("negative", 1.25), Map.entry("neutral", 1.25), Map.entry("positive", 1.25));
    assertThat(read.temperatures()).containsExactly(1.25, 1.25, 1.25);
    assertThat(METADATA.temperatures()).containsExactly(1.5, 0.9, 1.25);
    assertThat(METADATA.withCalibration(null).temperatures()).containsExactly(1.0, 1.0, 1.0);

    byte[] missingLabel = withMetadataJson(current, json -> json.replace("\"neutral\":0.9,", ""));
    assertThatThrownBy(() -> HeadFile.read(new ByteArrayInputStream(missingLabel)))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("positive temperature for 'neutral'")
        .hasMessageContaining("re-run Calibrate");
  }

  @Test
  void version_dependsOnTheTemperatures() {
    LinearHead head = new LinearHead(16, 3, randomWeights(48), new float[3]);
    HeadMetadata.Calibration a = METADATA.calibration();
    HeadMetadata.Calibration b =
        new HeadMetadata.Calibration(
            Map.of("negative", 1.5, "neutral", 0.9, "positive", 1.3),
            a.eceBefore(),
            a.eceAfter(),
            a.shareCorrection());
    String uncalibrated = HeadFile.version("d", head, Map.of(), null, null);

    assertThat(HeadFile.version("d", head, Map.of(), a, null))
        .isNotEqualTo(HeadFile.version("d", head, Map.of(), b, null))
        .isNotEqualTo(uncalibrated);
    assertThat(uncalibrated).isEqualTo(HeadFile.version("d", head));
  }

  /** The same head file with its metadata JSON rewritten, as an older or damaged writer would. */
  private static byte[] withMetadataJson(byte[] file, java.util.function.UnaryOperator<String> edit)
      throws IOException {
    byte[] raw;
    try (java.util.zip.GZIPInputStream in =
        new java.util.zip.GZIPInputStream(new ByteArrayInputStream(file))) {
      raw = in.readAllBytes();
    }
    java.nio.ByteBuffer buffer = java.nio.ByteBuffer.wrap(raw);
    int magic = buffer.getInt();
    int format = buffer.getInt();
    byte[] json = new byte[buffer.getInt()];
    buffer.get(json);
    byte[] rest = new byte[buffer.remaining()];
    buffer.get(rest);
    byte[] edited =
        edit.apply(new String(json, java.nio.charset.StandardCharsets.UTF_8))
            .getBytes(java.nio.charset.StandardCharsets.UTF_8);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (java.io.DataOutputStream data = new java.io.DataOutputStream(new GZIPOutputStream(out))) {
      data.writeInt(magic);
      data.writeInt(format);
      data.writeInt(edited.length);
      data.write(edited);
      data.write(rest);
    }
    return out.toByteArray();
  }

  @Test
  void roundToStored_matchesWhatReadReturns() throws IOException {
    LinearHead head = new LinearHead(16, 3, randomWeights(48), new float[3]);
    LinearHead rounded = HeadFile.roundToStored(head);
    LinearHead read =
        HeadFile.read(new ByteArrayInputStream(HeadFile.toBytes(METADATA, head, Map.of()))).head();
    assertThat(read.weights()).containsExactly(rounded.weights());
  }

  @Test
  void version_dependsOnWeights() {
    LinearHead a = new LinearHead(16, 3, randomWeights(48), new float[3]);
    float[] changed = a.weights();
    changed[5] += 1;
    LinearHead b = new LinearHead(16, 3, changed, new float[3]);
    assertThat(HeadFile.version("2026-11-25", a)).matches("2026-11-25\\.[0-9a-f]{8}");
    assertThat(HeadFile.version("2026-11-25", a)).isNotEqualTo(HeadFile.version("2026-11-25", b));
  }

  @Test
  void read_rejectsOtherFiles() throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(bytes)) {
      gz.write("not a head file".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
    assertThatThrownBy(() -> HeadFile.read(new ByteArrayInputStream(bytes.toByteArray())))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("bad magic");
  }

  @Test
  void read_rejectsDimensionMismatch() throws IOException {
    LinearHead head = new LinearHead(8, 3, new float[24], new float[3]);
    byte[] bytes = HeadFile.toBytes(METADATA, head, Map.of()); // metadata says 16
    assertThatThrownBy(() -> HeadFile.read(new ByteArrayInputStream(bytes)))
        .hasMessageContaining("declares 16 features but stores 8");
  }

  @Test
  void bf16_roundsToNearest() {
    assertThat(HeadFile.fromBf16(HeadFile.toBf16(1.0f))).isEqualTo(1.0f);
    assertThat(HeadFile.fromBf16(HeadFile.toBf16(-0.5f))).isEqualTo(-0.5f);
    assertThat(HeadFile.fromBf16(HeadFile.toBf16(1.00390625f + 1e-6f))).isEqualTo(1.0078125f);
  }

  private static float[] randomWeights(int n) {
    java.util.Random random = new java.util.Random(42);
    float[] w = new float[n];
    for (int i = 0; i < n; i++) {
      w[i] = (float) random.nextGaussian();
    }
    return w;
  }
}
