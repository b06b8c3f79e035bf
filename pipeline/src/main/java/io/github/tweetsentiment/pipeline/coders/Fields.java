package io.github.tweetsentiment.pipeline.coders;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.apache.beam.sdk.coders.BooleanCoder;
import org.apache.beam.sdk.coders.ByteArrayCoder;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.CoderException;
import org.apache.beam.sdk.coders.DoubleCoder;
import org.apache.beam.sdk.coders.ListCoder;
import org.apache.beam.sdk.coders.NullableCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarIntCoder;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * The field encodings the pipeline's coders are built from, each a Beam coder in the nested
 * context: strings, byte arrays, longs, doubles, booleans, {@link Instant}s (seconds and nanos),
 * lists of strings, and string maps written in key order so equal maps encode equally.
 */
public final class Fields {

  private static final StringUtf8Coder STRING = StringUtf8Coder.of();
  private static final NullableCoder<String> NULLABLE_STRING = NullableCoder.of(STRING);
  private static final ByteArrayCoder BYTES = ByteArrayCoder.of();
  private static final VarLongCoder VAR_LONG = VarLongCoder.of();
  private static final VarIntCoder VAR_INT = VarIntCoder.of();
  private static final DoubleCoder DOUBLE = DoubleCoder.of();
  private static final BooleanCoder BOOLEAN = BooleanCoder.of();
  private static final ListCoder<String> STRINGS = ListCoder.of(STRING);

  private Fields() {}

  public static void writeString(String value, OutputStream out) throws IOException {
    STRING.encode(value, out);
  }

  public static String readString(InputStream in) throws IOException {
    return STRING.decode(in);
  }

  public static void writeNullableString(@Nullable String value, OutputStream out)
      throws IOException {
    NULLABLE_STRING.encode(value, out);
  }

  public static @Nullable String readNullableString(InputStream in) throws IOException {
    return NULLABLE_STRING.decode(in);
  }

  public static void writeBytes(byte[] value, OutputStream out) throws IOException {
    BYTES.encode(value, out);
  }

  public static byte[] readBytes(InputStream in) throws IOException {
    return BYTES.decode(in);
  }

  public static void writeLong(long value, OutputStream out) throws IOException {
    VAR_LONG.encode(value, out);
  }

  public static long readLong(InputStream in) throws IOException {
    return VAR_LONG.decode(in);
  }

  public static void writeInt(int value, OutputStream out) throws IOException {
    VAR_INT.encode(value, out);
  }

  public static int readInt(InputStream in) throws IOException {
    return VAR_INT.decode(in);
  }

  public static void writeDouble(double value, OutputStream out) throws IOException {
    DOUBLE.encode(value, out);
  }

  public static double readDouble(InputStream in) throws IOException {
    return DOUBLE.decode(in);
  }

  public static void writeBoolean(boolean value, OutputStream out) throws IOException {
    BOOLEAN.encode(value, out);
  }

  public static boolean readBoolean(InputStream in) throws IOException {
    return BOOLEAN.decode(in);
  }

  /** Writes a presence flag, then the value when present. */
  public static void writePresent(boolean present, OutputStream out) throws IOException {
    out.write(present ? 1 : 0);
  }

  /** Reads a presence flag written by {@link #writePresent}. */
  public static boolean readPresent(InputStream in) throws IOException {
    int b = in.read();
    if (b != 0 && b != 1) {
      throw new CoderException("expected a presence flag (0 or 1), got " + b);
    }
    return b == 1;
  }

  public static void writeNullableLong(@Nullable Long value, OutputStream out) throws IOException {
    writePresent(value != null, out);
    if (value != null) {
      writeLong(value, out);
    }
  }

  public static @Nullable Long readNullableLong(InputStream in) throws IOException {
    return readPresent(in) ? readLong(in) : null;
  }

  /** An instant to the nanosecond: epoch seconds, then the nanos of that second. */
  public static void writeInstant(Instant value, OutputStream out) throws IOException {
    writeLong(value.getEpochSecond(), out);
    writeInt(value.getNano(), out);
  }

  public static Instant readInstant(InputStream in) throws IOException {
    return Instant.ofEpochSecond(readLong(in), readInt(in));
  }

  public static void writeNullableInstant(@Nullable Instant value, OutputStream out)
      throws IOException {
    writePresent(value != null, out);
    if (value != null) {
      writeInstant(value, out);
    }
  }

  public static @Nullable Instant readNullableInstant(InputStream in) throws IOException {
    return readPresent(in) ? readInstant(in) : null;
  }

  public static void writeStrings(List<String> values, OutputStream out) throws IOException {
    STRINGS.encode(values, out);
  }

  public static List<String> readStrings(InputStream in) throws IOException {
    return Collections.unmodifiableList(STRINGS.decode(in));
  }

  /**
   * A string map in key order, so that equal maps have equal encodings; read back as an
   * unmodifiable sorted map.
   */
  public static void writeStringMap(Map<String, String> values, OutputStream out)
      throws IOException {
    Map<String, String> sorted =
        values instanceof SortedMap<String, String> s && s.comparator() == null
            ? values
            : new TreeMap<>(values);
    writeInt(sorted.size(), out);
    for (Map.Entry<String, String> e : sorted.entrySet()) {
      writeString(e.getKey(), out);
      writeString(e.getValue(), out);
    }
  }

  public static Map<String, String> readStringMap(InputStream in) throws IOException {
    int size = readInt(in);
    if (size < 0) {
      throw new CoderException("negative map size " + size);
    }
    TreeMap<String, String> map = new TreeMap<>();
    for (int i = 0; i < size; i++) {
      map.put(readString(in), readString(in));
    }
    return Collections.unmodifiableSortedMap(map);
  }

  /** Writes each element with {@code coder} after a count. */
  public static <T> void writeList(List<T> values, Coder<T> coder, OutputStream out)
      throws IOException {
    writeInt(values.size(), out);
    for (T v : values) {
      coder.encode(v, out);
    }
  }

  public static <T> List<T> readList(Coder<T> coder, InputStream in) throws IOException {
    int size = readInt(in);
    if (size < 0) {
      throw new CoderException("negative list size " + size);
    }
    List<T> list = new ArrayList<>(Math.min(size, 1024));
    for (int i = 0; i < size; i++) {
      list.add(coder.decode(in));
    }
    return list;
  }
}
