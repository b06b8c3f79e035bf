package io.github.tweetsentiment.pipeline.coders;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Serializable;
import java.util.List;
import java.util.Objects;
import org.apache.beam.sdk.coders.AtomicCoder;
import org.apache.beam.sdk.coders.CannotProvideCoderException;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.CoderException;
import org.apache.beam.sdk.coders.CoderProvider;
import org.apache.beam.sdk.coders.CoderProviders;
import org.apache.beam.sdk.coders.DefaultCoder;
import org.apache.beam.sdk.values.TypeDescriptor;

/**
 * A coder for one value type: a format version byte, then the fields in a fixed order, written by a
 * {@link Writer} and read back by a {@link Reader}. Deterministic (maps are written in key order),
 * so the encoding can key a shuffle or state, and consistent with the type's {@code equals}.
 *
 * <p>A value type's coder is a named subclass with a static {@code of()}, which the type names in
 * {@code @DefaultCoder(Visit.VisitCoder.class)}:
 *
 * <pre>{@code
 * record Visit(String page, long millis, @Nullable String referrer) {
 *   public static final class VisitCoder extends VersionedCoder<Visit> {
 *     private static final VisitCoder INSTANCE = new VisitCoder();
 *
 *     private VisitCoder() {
 *       super(
 *           1,
 *           (out, v) ->
 *               out.string(v.page).varLong(v.millis).optional(FieldOutput::string, v.referrer),
 *           in -> new Visit(in.string(), in.varLong(), in.optional(FieldInput::string)));
 *     }
 *
 *     public static VisitCoder of() {
 *       return INSTANCE;
 *     }
 *   }
 * }
 * }</pre>
 *
 * <p>A class per type rather than one generic coder built from lambdas: Dataflow sees a custom
 * coder only as its class name and its serialized form, so the class name is what tells a
 * replacement job's coders from the running job's ({@code StreamingJobUpdateTest} pins them).
 *
 * <p>The version byte lets a later build read an older format during a Dataflow {@code --update}: a
 * change to the fields bumps the version, and {@code super(2, 1, writer, reader)} keeps reading
 * version 1, the reader asking {@link FieldInput#version()} which fields are there.
 */
public abstract class VersionedCoder<T> extends AtomicCoder<T> {

  /** Writes a value's fields. Serializable because the coder holding it is. */
  @FunctionalInterface
  public interface Writer<T> extends Serializable {
    void write(FieldOutput out, T value) throws IOException;
  }

  /** Reads the fields a {@link Writer} wrote, of the format version {@code in} says. */
  @FunctionalInterface
  public interface Reader<T> extends Serializable {
    T read(FieldInput in) throws IOException;
  }

  private final int version;
  private final int oldest;
  private final Writer<T> writer;
  private final Reader<T> reader;

  /** Writes and reads format {@code version} only. */
  protected VersionedCoder(int version, Writer<T> writer, Reader<T> reader) {
    this(version, version, writer, reader);
  }

  /** Writes format {@code version}; reads it and every older one down to {@code oldest}. */
  protected VersionedCoder(int version, int oldest, Writer<T> writer, Reader<T> reader) {
    this.version = checkVersions(oldest, version);
    this.oldest = oldest;
    this.writer = Objects.requireNonNull(writer, "writer");
    this.reader = Objects.requireNonNull(reader, "reader");
  }

  private static int checkVersions(int oldest, int version) {
    if (oldest < 0 || oldest > version || version > 255) {
      throw new IllegalArgumentException(
          "format versions are bytes, oldest first; got " + oldest + " to " + version);
    }
    return version;
  }

  @Override
  public final void encode(T value, OutputStream out) throws IOException {
    if (value == null) {
      throw new CoderException(getClass().getSimpleName() + " cannot encode null");
    }
    out.write(version);
    writer.write(new FieldOutput(out), value);
  }

  @Override
  public final T decode(InputStream in) throws IOException {
    int found = in.read();
    if (found == -1) {
      throw new CoderException(getClass().getSimpleName() + ": no data to decode");
    }
    if (found < oldest || found > version) {
      throw unknownVersion(found);
    }
    return reader.read(new FieldInput(in, found));
  }

  /** The error for a format version this build does not know. */
  private CoderException unknownVersion(int found) {
    return new CoderException(
        getClass().getSimpleName()
            + " reads format version "
            + version
            + ", found "
            + found
            + ": the data was written by a different build; drain the job before deploying"
            + " one that cannot read it");
  }

  /** The format version this coder writes. */
  public final int version() {
    return version;
  }

  @Override
  public boolean consistentWithEquals() {
    return true;
  }

  /**
   * What {@code @DefaultCoder(FooCoder.class)} calls, inherited by every subclass: a provider that
   * hands out the annotated type's coder by the coder's static {@code of()}.
   */
  public static CoderProvider getCoderProvider() {
    return new CoderProvider() {
      @Override
      public <V> Coder<V> coderFor(TypeDescriptor<V> type, List<? extends Coder<?>> components)
          throws CannotProvideCoderException {
        DefaultCoder annotation = type.getRawType().getAnnotation(DefaultCoder.class);
        if (annotation == null) {
          throw new CannotProvideCoderException(type + " has no @DefaultCoder");
        }
        return CoderProviders.fromStaticMethods(type.getRawType(), annotation.value())
            .coderFor(type, components);
      }
    };
  }
}
