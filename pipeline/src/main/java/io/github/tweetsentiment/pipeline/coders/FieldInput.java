package io.github.tweetsentiment.pipeline.coders;

import static io.github.tweetsentiment.pipeline.coders.FieldOutput.BOOLEAN;
import static io.github.tweetsentiment.pipeline.coders.FieldOutput.BYTES;
import static io.github.tweetsentiment.pipeline.coders.FieldOutput.DOUBLE;
import static io.github.tweetsentiment.pipeline.coders.FieldOutput.STRING;
import static io.github.tweetsentiment.pipeline.coders.FieldOutput.STRINGS;
import static io.github.tweetsentiment.pipeline.coders.FieldOutput.VAR_INT;
import static io.github.tweetsentiment.pipeline.coders.FieldOutput.VAR_LONG;

import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.CoderException;
import org.checkerframework.checker.nullness.qual.Nullable;

/** Reads the fields {@link FieldOutput} wrote, in the same order, knowing their format version. */
public final class FieldInput {

  private final InputStream in;
  private final int version;

  FieldInput(InputStream in, int version) {
    this.in = in;
    this.version = version;
  }

  /** The format version being read: which fields are there. */
  public int version() {
    return version;
  }

  public String string() throws IOException {
    return value(STRING);
  }

  public byte[] bytes() throws IOException {
    return value(BYTES);
  }

  public int varInt() throws IOException {
    return value(VAR_INT);
  }

  public long varLong() throws IOException {
    return value(VAR_LONG);
  }

  public double float64() throws IOException {
    return value(DOUBLE);
  }

  public boolean bool() throws IOException {
    return value(BOOLEAN);
  }

  public Instant instant() throws IOException {
    return Instant.ofEpochSecond(varLong(), varInt());
  }

  /** An unmodifiable list. */
  public List<String> strings() throws IOException {
    return Collections.unmodifiableList(value(STRINGS));
  }

  /** An unmodifiable sorted map. */
  public Map<String, String> stringMap() throws IOException {
    SortedMap<String, String> map = new TreeMap<>();
    int size = count();
    for (int i = 0; i < size; i++) {
      map.put(string(), string());
    }
    return Collections.unmodifiableSortedMap(map);
  }

  public <V> V value(Coder<V> coder) throws IOException {
    return coder.decode(in);
  }

  public <V> V read(VersionedCoder.Reader<V> fields) throws IOException {
    return fields.read(this);
  }

  /** Null when the presence byte says absent. */
  public <V> @Nullable V optional(VersionedCoder.Reader<V> fields) throws IOException {
    int present = in.read();
    if (present != 0 && present != 1) {
      throw new CoderException("expected a presence flag (0 or 1), got " + present);
    }
    return present == 1 ? fields.read(this) : null;
  }

  /** An unmodifiable list. */
  public <V> List<V> list(VersionedCoder.Reader<V> element) throws IOException {
    int size = count();
    List<V> list = new ArrayList<>(Math.min(size, 1024));
    for (int i = 0; i < size; i++) {
      list.add(element.read(this));
    }
    return Collections.unmodifiableList(list);
  }

  private int count() throws IOException {
    int size = varInt();
    if (size < 0) {
      throw new CoderException("negative count " + size);
    }
    return size;
  }
}
