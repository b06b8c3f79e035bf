package io.github.tweetsentiment.pipeline.coders;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Instant;
import java.util.Map;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * {@link FieldOutput} and {@link FieldInput} as static methods, for the one coder that still
 * overrides {@link VersionedCoder#encodeFields}, {@code DeadLetterCoder}: it goes when that coder
 * moves to a writer and a reader.
 */
public final class Fields {

  private Fields() {}

  public static void writeString(String value, OutputStream out) throws IOException {
    new FieldOutput(out).string(value);
  }

  public static String readString(InputStream in) throws IOException {
    return new FieldInput(in, 0).string();
  }

  public static void writeNullableString(@Nullable String value, OutputStream out)
      throws IOException {
    new FieldOutput(out).optional(FieldOutput::string, value);
  }

  public static @Nullable String readNullableString(InputStream in) throws IOException {
    return new FieldInput(in, 0).optional(FieldInput::string);
  }

  public static void writeBytes(byte[] value, OutputStream out) throws IOException {
    new FieldOutput(out).bytes(value);
  }

  public static byte[] readBytes(InputStream in) throws IOException {
    return new FieldInput(in, 0).bytes();
  }

  public static void writeInstant(Instant value, OutputStream out) throws IOException {
    new FieldOutput(out).instant(value);
  }

  public static Instant readInstant(InputStream in) throws IOException {
    return new FieldInput(in, 0).instant();
  }

  public static void writeNullableInstant(@Nullable Instant value, OutputStream out)
      throws IOException {
    new FieldOutput(out).optional(FieldOutput::instant, value);
  }

  public static @Nullable Instant readNullableInstant(InputStream in) throws IOException {
    return new FieldInput(in, 0).optional(FieldInput::instant);
  }

  public static void writeStringMap(Map<String, String> values, OutputStream out)
      throws IOException {
    new FieldOutput(out).stringMap(values);
  }

  public static Map<String, String> readStringMap(InputStream in) throws IOException {
    return new FieldInput(in, 0).stringMap();
  }
}
