package io.github.tweetsentiment.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.HashSet;
import java.util.Set;
import org.apache.beam.sdk.options.PipelineOptions;

/**
 * The options the command line (or code) set, as opposed to those left at their defaults: Beam's
 * own serialized form of a {@link PipelineOptions}, the one it ships to workers, carries only
 * these.
 */
public final class GivenOptions {

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private GivenOptions() {}

  /** The names (without {@code --}) of the options set on {@code options}. */
  public static Set<String> of(PipelineOptions options) {
    JsonNode set = MAPPER.valueToTree(options).get("options");
    Set<String> names = new HashSet<>();
    if (set != null) {
      set.fieldNames().forEachRemaining(names::add);
    }
    return names;
  }
}
