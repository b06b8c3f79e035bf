package io.github.tweetsentiment.pipeline.coders;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.apache.beam.sdk.coders.AtomicCoder;
import org.apache.beam.sdk.coders.CoderException;

/**
 * A coder for one value type: a format version byte, then the fields in a fixed order, each with a
 * Beam coder. Deterministic (maps are written in key order), so the encoding can key a shuffle or
 * state, and consistent with the type's {@code equals}.
 *
 * <p>The version byte lets a later build read an older format during a Dataflow {@code --update}; a
 * change to the fields bumps it and keeps a reader for the old one.
 */
public abstract class VersionedCoder<T> extends AtomicCoder<T> {

  private final int version;

  protected VersionedCoder(int version) {
    if (version < 0 || version > 255) {
      throw new IllegalArgumentException("a format version is one byte, got " + version);
    }
    this.version = version;
  }

  @Override
  public final void encode(T value, OutputStream out) throws IOException {
    if (value == null) {
      throw new CoderException(getClass().getSimpleName() + " cannot encode null");
    }
    out.write(version);
    encodeFields(value, out);
  }

  @Override
  public final T decode(InputStream in) throws IOException {
    int found = in.read();
    if (found == -1) {
      throw new CoderException(getClass().getSimpleName() + ": no data to decode");
    }
    return decodeFields(found, in);
  }

  /** Writes the fields of {@code value}, after the version byte. */
  protected abstract void encodeFields(T value, OutputStream out) throws IOException;

  /**
   * Reads the fields written in format {@code formatVersion}; {@link #unknownVersion} for a version
   * this build cannot read.
   */
  protected abstract T decodeFields(int formatVersion, InputStream in) throws IOException;

  /** The error for a format version this build does not know. */
  protected final CoderException unknownVersion(int found) {
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
}
