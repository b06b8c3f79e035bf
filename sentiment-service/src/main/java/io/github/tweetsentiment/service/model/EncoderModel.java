package io.github.tweetsentiment.service.model;

import io.github.tweetsentiment.service.embedding.Encoder;
import io.github.tweetsentiment.service.embedding.Pooling;
import io.github.tweetsentiment.service.embedding.SentenceEncoder;
import io.github.tweetsentiment.service.linear.HeadFile;
import io.github.tweetsentiment.service.linear.HeadMetadata;
import io.github.tweetsentiment.service.linear.LinearHead;
import io.github.tweetsentiment.service.mlp.MlpHead;
import io.github.tweetsentiment.service.text.TweetNormalizer;
import java.util.ArrayList;
import java.util.List;

/**
 * The models over frozen sentence encoders, {@code accurate} and {@code best}: each text runs
 * through one or more encoders, chosen poolings of their token vectors are standardized into one
 * dense block, and a logistic-regression head over that block and hashed n-grams (blended, where
 * the head file has one, with a small perceptron over the block) gives logits; where the head file
 * names fine-tuned top layers of an encoder, their logits are blended in too. The result is divided
 * by the calibrated temperature of its arg-max label before the softmax.
 */
public final class EncoderModel extends HeadModel {

  /** The default model. */
  public static final String ACCURATE = "accurate";

  /** Three encoders side by side: the best quality, at a third of the default's speed. */
  public static final String BEST = "best";

  /** Named arrays in the head file: per-dimension mean and 1/std of the train embeddings. */
  public static final String MEAN = "embedding_mean";

  public static final String INV_STD = "embedding_inv_std";

  /** Named arrays: the same for the perceptron's block. */
  public static final String MLP_MEAN = "mlp_mean";

  public static final String MLP_INV_STD = "mlp_inv_std";

  private static final String RESOURCE_FOLDER = "/io/github/tweetsentiment/service/model/";

  /**
   * One head's dense input: for each part, which encoder (by position in {@link #encoders}) and the
   * offset of the pooling in its output; then the standardization of the whole block.
   */
  private record Input(int[] encoder, int[] offset, int dimension, float[] mean, float[] invStd) {
    int width() {
      return encoder.length * dimension;
    }

    float[] gather(List<float[][]> pooled, int text) {
      float[] x = new float[width()];
      for (int p = 0; p < encoder.length; p++) {
        System.arraycopy(pooled.get(encoder[p])[text], offset[p], x, p * dimension, dimension);
      }
      return standardize(x, mean, invStd);
    }
  }

  private final List<SentenceEncoder> encoders;
  private final Input linearInput;
  private final Input mlpInput;
  private final LinearHead head;
  private final MlpHead mlp;
  private final double mlpWeight;
  private final int tunedEncoder;
  private final double tunedWeight;
  private final LinearFeatures linearFeatures;
  private final ModelInfo info;

  /** Loads an encoder, with tuned top layers beside it when the tap is not null. */
  @FunctionalInterface
  public interface EncoderLoader {
    SentenceEncoder load(Encoder encoder, SentenceEncoder.Tap tap);
  }

  /**
   * A model over a head file's contents.
   *
   * @param loader loads an encoder (the model owns and closes what it returns)
   * @param files reads a file that ships beside the head file (tuned top layers), by name
   */
  public EncoderModel(
      String name,
      HeadFile.Contents contents,
      EncoderLoader loader,
      java.util.function.Function<String, byte[]> files) {
    super(contents.metadata());
    HeadMetadata.FeatureLayout layout = contents.metadata().features();
    if (layout == null || layout.embeddingDimension() == 0) {
      throw new IllegalArgumentException(
          "the " + name + " model needs a head over sentence embeddings, got features " + layout);
    }
    List<HeadMetadata.EncoderBlock> linearSpec =
        layout.encoders() != null
            ? layout.encoders()
            : List.of(new HeadMetadata.EncoderBlock(Encoder.BGE.id(), List.of("cls")));
    HeadMetadata.MlpLayout mlpLayout = contents.metadata().mlp();
    this.head = contents.head();
    this.linearFeatures = new LinearFeatures(layout, contents.arrays());
    List<String> ids = new ArrayList<>();
    for (HeadMetadata.EncoderBlock b : linearSpec) {
      ids.add(b.encoder());
    }
    if (mlpLayout != null) {
      mlpLayout.encoders().forEach(b -> ids.add(b.encoder()));
    }
    HeadMetadata.TunedLayers tuned = contents.metadata().tuned();
    if (tuned != null) {
      ids.add(tuned.encoder());
    }
    List<String> distinct = ids.stream().distinct().toList();
    SentenceEncoder.Tap tap = tuned == null ? null : tap(name, tuned, files);
    this.tunedEncoder = tuned == null ? -1 : distinct.indexOf(tuned.encoder());
    this.tunedWeight = tuned == null ? 0 : tuned.weight();
    List<SentenceEncoder> loaded = new ArrayList<>();
    try {
      for (int e = 0; e < distinct.size(); e++) {
        loaded.add(loader.load(Encoder.byId(distinct.get(e)), e == tunedEncoder ? tap : null));
      }
      this.linearInput = input(linearSpec, distinct, contents.array(MEAN), contents.array(INV_STD));
      if (linearInput.width() != layout.embeddingDimension()) {
        throw new IllegalArgumentException(
            "the "
                + name
                + " head expects "
                + layout.embeddingDimension()
                + " embedding features, its encoders give "
                + linearInput.width());
      }
      if (mlpLayout == null) {
        this.mlpInput = null;
        this.mlp = null;
        this.mlpWeight = 0;
      } else {
        this.mlpInput =
            input(
                mlpLayout.encoders(),
                distinct,
                contents.array(MLP_MEAN),
                contents.array(MLP_INV_STD));
        this.mlp = MlpHead.fromArrays(mlpInput.width(), contents.arrays());
        this.mlpWeight = mlpLayout.weight();
      }
    } catch (RuntimeException e) {
      loaded.forEach(SentenceEncoder::close);
      throw e;
    }
    this.encoders = List.copyOf(loaded);
    List<String> described = new ArrayList<>();
    for (String id : distinct) {
      described.add(id);
    }
    this.info =
        info(
            name,
            String.join(" + ", described)
                + " int8 ONNX sentence encoder"
                + (distinct.size() > 1 ? "s" : "")
                + (layout.lexicon() == null ? "" : ", " + layout.lexicon() + " lexicon features")
                + (layout.ngrams() == null ? "" : " and hashed word and character n-grams")
                + " into logistic regression"
                + (mlp == null ? "" : ", blended with a one-hidden-layer perceptron")
                + (tuned == null
                    ? ""
                    : " and with " + tuned.encoder() + "'s top layers fine-tuned on TweetEval")
                + (contents.metadata().calibration() == null ? "" : ", temperature-calibrated"));
  }

  /** The tuned layers' file, checked against the digest the head file recorded. */
  private static SentenceEncoder.Tap tap(
      String name,
      HeadMetadata.TunedLayers tuned,
      java.util.function.Function<String, byte[]> files) {
    byte[] model = files.apply(tuned.file());
    String digest = sha256(model);
    if (!digest.equals(tuned.sha256())) {
      throw new IllegalStateException(
          "the "
              + name
              + " head was trained with tuned layers "
              + tuned.file()
              + " of SHA-256 "
              + tuned.sha256()
              + ", the file found has "
              + digest
              + ": restore the file that came with the head, or train the head again");
    }
    return new SentenceEncoder.Tap(tuned.fromLayer(), model);
  }

  /** Lower-case hex SHA-256 of a file's bytes. */
  public static String sha256(byte[] bytes) {
    try {
      return java.util.HexFormat.of()
          .formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no SHA-256", e);
    }
  }

  private static Input input(
      List<HeadMetadata.EncoderBlock> spec, List<String> ids, float[] mean, float[] invStd) {
    List<int[]> parts = new ArrayList<>();
    int dimension = 0;
    for (HeadMetadata.EncoderBlock b : spec) {
      Encoder encoder = Encoder.byId(b.encoder());
      dimension = encoder.dimension();
      for (Pooling p : Pooling.parseList(String.join(",", b.pooling()))) {
        parts.add(new int[] {ids.indexOf(encoder.id()), p.ordinal() * encoder.dimension()});
      }
    }
    int[] enc = parts.stream().mapToInt(p -> p[0]).toArray();
    int[] off = parts.stream().mapToInt(p -> p[1]).toArray();
    if (mean.length != enc.length * dimension || invStd.length != mean.length) {
      throw new IllegalArgumentException(
          "standardization of "
              + mean.length
              + " values for a block of "
              + enc.length * dimension
              + " features");
    }
    return new Input(enc, off, dimension, mean, invStd);
  }

  /** Loads a committed head and the encoders it reads. */
  public static EncoderModel load(String name, int intraOpThreads) {
    HeadFile.Contents contents = FastModel.readResource(resource(name));
    return new EncoderModel(
        name,
        contents,
        (e, tap) -> SentenceEncoder.load(e, intraOpThreads, tap),
        EncoderModel::companionResource);
  }

  /** The class-path resource of a model's head. */
  public static String resource(String name) {
    return RESOURCE_FOLDER + name + ".tslr.gz";
  }

  /** The name of a model's tuned top layers, beside its head file. */
  public static String tunedTopFile(String name) {
    return name + "-top.onnx";
  }

  /** A file that ships beside the committed heads, read from the class path. */
  static byte[] companionResource(String file) {
    try (java.io.InputStream in = EncoderModel.class.getResourceAsStream(RESOURCE_FOLDER + file)) {
      if (in == null) {
        throw new IllegalStateException(
            RESOURCE_FOLDER + file + " is missing from the class path; it ships with its head");
      }
      return in.readAllBytes();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException("cannot read " + RESOURCE_FOLDER + file, e);
    }
  }

  /** Standardizes a dense block in place with per-dimension mean and 1/std. */
  public static float[] standardize(float[] x, float[] mean, float[] invStd) {
    for (int j = 0; j < x.length; j++) {
      x[j] = (x[j] - mean[j]) * invStd[j];
    }
    return x;
  }

  @Override
  public ModelInfo info() {
    return info;
  }

  @Override
  public double[][] logits(List<String> texts) {
    List<String> normalized = new ArrayList<>(texts.size());
    for (String text : texts) {
      normalized.add(TweetNormalizer.normalize(text));
    }
    List<float[][]> pooled = new ArrayList<>(encoders.size());
    double[][] tunedZ = null;
    for (int e = 0; e < encoders.size(); e++) {
      if (e == tunedEncoder) {
        SentenceEncoder.Encoded encoded = encoders.get(e).encodeTuned(normalized);
        pooled.add(encoded.pooled());
        tunedZ = encoded.tunedLogits();
      } else {
        pooled.add(encoders.get(e).encode(normalized));
      }
    }
    double[][] out = new double[texts.size()][];
    for (int i = 0; i < out.length; i++) {
      double[] z = head.logits(linearFeatures.of(linearInput.gather(pooled, i), normalized.get(i)));
      if (mlp != null) {
        blendInPlace(z, mlp.logits(mlpInput.gather(pooled, i)), mlpWeight);
      }
      if (tunedZ != null) {
        blendInPlace(z, tunedZ[i], tunedWeight);
      }
      out[i] = z;
    }
    return out;
  }

  /**
   * {@code z = (1 - weight) * z + weight * other}: how a head file's blend weights (perceptron,
   * tuned layers) combine logits, here and wherever they are chosen.
   */
  public static void blendInPlace(double[] z, double[] other, double weight) {
    for (int c = 0; c < z.length; c++) {
      z[c] = (1 - weight) * z[c] + weight * other[c];
    }
  }

  @Override
  public void close() {
    encoders.forEach(SentenceEncoder::close);
  }
}
