package io.github.tweetsentiment.pipeline.coders;

import java.io.IOException;
import java.io.OutputStream;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.apache.beam.sdk.coders.BooleanCoder;
import org.apache.beam.sdk.coders.ByteArrayCoder;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.DoubleCoder;
import org.apache.beam.sdk.coders.ListCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarIntCoder;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Writes a value's fields in order, each in a fixed encoding that {@link FieldInput} reads back:
 * Beam's own coders in the nested context for strings, byte arrays, var-ints, doubles, booleans and
 * lists of strings; an instant as epoch seconds then nanos; a string map as a count then its
 * entries in key order, so equal maps encode equally; a presence byte (0 or 1) before an optional
 * field; a count before a list.
 */
public final class FieldOutput {

  static final StringUtf8Coder STRING = StringUtf8Coder.of();
  static final ByteArrayCoder BYTES = ByteArrayCoder.of();
  static final VarIntCoder VAR_INT = VarIntCoder.of();
  static final VarLongCoder VAR_LONG = VarLongCoder.of();
  static final DoubleCoder DOUBLE = DoubleCoder.of();
  static final BooleanCoder BOOLEAN = BooleanCoder.of();
  static final ListCoder<String> STRINGS = ListCoder.of(STRING);

  private final OutputStream out;

  /** Public so that a test can write an older format by hand. */
  public FieldOutput(OutputStream out) {
    this.out = out;
  }

  public FieldOutput string(String value) throws IOException {
    return value(STRING, value);
  }

  public FieldOutput bytes(byte[] value) throws IOException {
    return value(BYTES, value);
  }

  public FieldOutput varInt(int value) throws IOException {
    return value(VAR_INT, value);
  }

  public FieldOutput varLong(long value) throws IOException {
    return value(VAR_LONG, value);
  }

  public FieldOutput float64(double value) throws IOException {
    return value(DOUBLE, value);
  }

  public FieldOutput bool(boolean value) throws IOException {
    return value(BOOLEAN, value);
  }

  /** An instant to the nanosecond: epoch seconds, then the nanos of that second. */
  public FieldOutput instant(Instant value) throws IOException {
    return varLong(value.getEpochSecond()).varInt(value.getNano());
  }

  /** Beam's list coding: a four-byte count, then each string. */
  public FieldOutput strings(List<String> values) throws IOException {
    return value(STRINGS, values);
  }

  /** A count, then each key and value in key order. */
  public FieldOutput stringMap(Map<String, String> values) throws IOException {
    Map<String, String> sorted =
        values instanceof SortedMap<String, String> s && s.comparator() == null
            ? values
            : new TreeMap<>(values);
    return list((o, e) -> o.string(e.getKey()).string(e.getValue()), sorted.entrySet());
  }

  /** A value in its own coder's encoding (for a {@link VersionedCoder}, its version byte first). */
  public <V> FieldOutput value(Coder<V> coder, V value) throws IOException {
    coder.encode(value, out);
    return this;
  }

  /** Fields written in line, without a version or a count. */
  public <V> FieldOutput write(VersionedCoder.Writer<V> fields, V value) throws IOException {
    fields.write(this, value);
    return this;
  }

  /** A presence byte (0 or 1, as Beam's {@code NullableCoder} writes it), then the fields. */
  public <V> FieldOutput optional(VersionedCoder.Writer<V> fields, @Nullable V value)
      throws IOException {
    out.write(value == null ? 0 : 1);
    return value == null ? this : write(fields, value);
  }

  /** A var-int count, then each element's fields. */
  public <V> FieldOutput list(VersionedCoder.Writer<V> element, Collection<? extends V> values)
      throws IOException {
    varInt(values.size());
    for (V v : values) {
      element.write(this, v);
    }
    return this;
  }
}
