package io.github.tweetsentiment.service.linear;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * The on-disk form of a trained head: a small gzipped binary resource.
 *
 * <p>Layout (big-endian, inside gzip): magic {@code TSLR}, format version (int), metadata JSON
 * (length-prefixed UTF-8), dimension and class count (ints), biases (floats), weights as bfloat16
 * (the top 16 bits of a float, rounded to nearest even: 3 significant digits, half the size, and no
 * measurable change in the metrics), then named float arrays (count, then name and values each),
 * such as the embedding standardization.
 */
public final class HeadFile {

  private static final int MAGIC = 0x54534C52; // "TSLR"
  private static final int FORMAT_VERSION = 1;
  private static final ObjectMapper JSON =
      JsonMapper.builder().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

  /** A head read from a file, with its metadata and named arrays. */
  public record Contents(HeadMetadata metadata, LinearHead head, Map<String, float[]> arrays) {
    public Contents {
      arrays = Map.copyOf(arrays);
    }

    /** The named array, or an error naming what is missing. */
    public float[] array(String name) {
      float[] a = arrays.get(name);
      if (a == null) {
        throw new IllegalStateException(
            "model file of '" + metadata.name() + "' has no array '" + name + "'");
      }
      return a.clone();
    }
  }

  private HeadFile() {}

  /** Rounds weights to bfloat16, as {@link #write} stores them. */
  public static LinearHead roundToStored(LinearHead head) {
    float[] w = head.weights();
    for (int i = 0; i < w.length; i++) {
      w[i] = fromBf16(toBf16(w[i]));
    }
    return new LinearHead(head.dimension(), head.classes(), w, head.bias());
  }

  /**
   * The version a head gets when written: {@code <date>.<8 hex digits of the SHA-256 of its stored
   * weights>}.
   */
  public static String version(String trainedAt, LinearHead head) {
    return version(trainedAt, head, Map.of(), null, null);
  }

  /**
   * The version of a head with named arrays (such as a perceptron's layers), a calibration (null:
   * none) and tuned top layers whose logits it blends in (null: none): the arrays, the
   * temperatures, the tuned layers' file and their blend weight all change the outputs, so all
   * enter the digest (when present).
   */
  public static String version(
      String trainedAt,
      LinearHead head,
      Map<String, float[]> arrays,
      HeadMetadata.Calibration calibration,
      HeadMetadata.TunedLayers tuned) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      if (tuned != null) {
        sha.update((tuned.sha256() + "@" + tuned.weight()).getBytes(StandardCharsets.UTF_8));
      }
      for (Map.Entry<String, float[]> e : new java.util.TreeMap<>(arrays).entrySet()) {
        sha.update(e.getKey().getBytes(StandardCharsets.UTF_8));
        for (float f : e.getValue()) {
          int bits = Float.floatToIntBits(f);
          sha.update(
              new byte[] {
                (byte) (bits >> 24), (byte) (bits >> 16), (byte) (bits >> 8), (byte) bits
              });
        }
      }
      if (calibration != null) {
        sha.update(Arrays.toString(calibration.temperatures()).getBytes(StandardCharsets.UTF_8));
      }
      float[] w = head.weights();
      byte[] buf = new byte[2];
      for (float f : w) {
        short s = toBf16(f);
        buf[0] = (byte) (s >> 8);
        buf[1] = (byte) s;
        sha.update(buf);
      }
      for (float b : head.bias()) {
        int bits = Float.floatToIntBits(b);
        sha.update(
            new byte[] {(byte) (bits >> 24), (byte) (bits >> 16), (byte) (bits >> 8), (byte) bits});
      }
      return trainedAt + "." + HexFormat.of().formatHex(sha.digest(), 0, 4);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  /** Writes a head; the arrays are written in the map's iteration order. */
  public static void write(
      OutputStream out, HeadMetadata metadata, LinearHead head, Map<String, float[]> arrays)
      throws IOException {
    GZIPOutputStream gzip = new GZIPOutputStream(out, 1 << 16);
    DataOutputStream data = new DataOutputStream(new BufferedOutputStream(gzip, 1 << 16));
    data.writeInt(MAGIC);
    data.writeInt(FORMAT_VERSION);
    byte[] json = JSON.writeValueAsBytes(metadata);
    data.writeInt(json.length);
    data.write(json);
    data.writeInt(head.dimension());
    data.writeInt(head.classes());
    for (float b : head.bias()) {
      data.writeFloat(b);
    }
    for (float w : head.weights()) {
      data.writeShort(toBf16(w));
    }
    data.writeInt(arrays.size());
    for (Map.Entry<String, float[]> e : arrays.entrySet()) {
      data.writeUTF(e.getKey());
      data.writeInt(e.getValue().length);
      for (float v : e.getValue()) {
        data.writeFloat(v);
      }
    }
    data.flush();
    gzip.finish();
  }

  /** The file's bytes, for tests and for writing atomically. */
  public static byte[] toBytes(HeadMetadata metadata, LinearHead head, Map<String, float[]> arrays)
      throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    write(bytes, metadata, head, arrays);
    return bytes.toByteArray();
  }

  /**
   * Reads a head written by {@link #write}.
   *
   * @throws IOException when the stream is not such a file, naming what is wrong
   */
  public static Contents read(InputStream in) throws IOException {
    DataInputStream data =
        new DataInputStream(new BufferedInputStream(new GZIPInputStream(in, 1 << 16), 1 << 16));
    if (data.readInt() != MAGIC) {
      throw new IOException("not a sentiment head file (bad magic number)");
    }
    int format = data.readInt();
    if (format != FORMAT_VERSION) {
      throw new IOException(
          "head file format " + format + " is not supported (expected " + FORMAT_VERSION + ")");
    }
    byte[] json = new byte[data.readInt()];
    data.readFully(json);
    HeadMetadata metadata =
        JSON.readValue(new String(json, StandardCharsets.UTF_8), HeadMetadata.class);
    int dimension = data.readInt();
    int classes = data.readInt();
    if (metadata.features() != null && metadata.features().dimension() != dimension) {
      throw new IOException(
          "head file declares "
              + metadata.features().dimension()
              + " features but stores "
              + dimension);
    }
    float[] bias = new float[classes];
    for (int c = 0; c < classes; c++) {
      bias[c] = data.readFloat();
    }
    float[] weights = new float[dimension * classes];
    for (int i = 0; i < weights.length; i++) {
      weights[i] = fromBf16(data.readShort());
    }
    int arrayCount = data.readInt();
    Map<String, float[]> arrays = new LinkedHashMap<>();
    for (int a = 0; a < arrayCount; a++) {
      String name = data.readUTF();
      float[] values = new float[data.readInt()];
      for (int i = 0; i < values.length; i++) {
        values[i] = data.readFloat();
      }
      arrays.put(name, values);
    }
    return new Contents(metadata, new LinearHead(dimension, classes, weights, bias), arrays);
  }

  static short toBf16(float f) {
    int bits = Float.floatToRawIntBits(f);
    if (Float.isNaN(f)) {
      return (short) 0x7FC0;
    }
    int rounded = bits + 0x7FFF + ((bits >>> 16) & 1);
    return (short) (rounded >>> 16);
  }

  static float fromBf16(short s) {
    return Float.intBitsToFloat((s & 0xFFFF) << 16);
  }
}
