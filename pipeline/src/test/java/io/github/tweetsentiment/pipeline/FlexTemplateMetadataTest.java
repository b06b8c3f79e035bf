package io.github.tweetsentiment.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.tweetsentiment.core.TweetJson;
import java.beans.Introspector;
import java.lang.reflect.Method;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.apache.beam.sdk.options.Description;
import org.junit.jupiter.api.Test;

/** The Flex Template's metadata lists every pipeline option Dataflow can use, with help text. */
class FlexTemplateMetadataTest {

  /** Options that only mean something for a local run. */
  private static final Set<String> LOCAL_ONLY = Set.of("outputDir", "progressSeconds");

  @Test
  void metadataDescribesEveryDataflowOption_andOnlyRealOnes() throws Exception {
    JsonNode metadata =
        TweetJson.mapper().readTree(Path.of("src/main/flex-template/metadata.json").toFile());
    List<String> names = new ArrayList<>();
    for (JsonNode p : metadata.get("parameters")) {
      names.add(p.get("name").asText());
      assertThat(p.get("helpText").asText()).as(p.get("name").asText()).hasSizeGreaterThan(20);
      assertThat(p.get("label").asText()).isNotBlank();
    }

    Set<String> declared = new TreeSet<>();
    for (Method m : SentimentPipeline.Options.class.getDeclaredMethods()) {
      if (m.getName().startsWith("get") && m.isAnnotationPresent(Description.class)) {
        declared.add(Introspector.decapitalize(m.getName().substring(3)));
      }
    }
    declared.removeAll(LOCAL_ONLY);
    assertThat(names).doesNotHaveDuplicates().containsAll(declared);

    // Every name is an option the pipeline accepts (its own or a BigQuery one).
    Set<String> accepted = new TreeSet<>();
    for (Method m : SentimentPipeline.Options.class.getMethods()) {
      if (m.getName().startsWith("get") && m.getParameterCount() == 0) {
        accepted.add(Introspector.decapitalize(m.getName().substring(3)));
      }
    }
    assertThat(accepted).containsAll(names);
    assertThat(metadata.get("streaming").asBoolean()).isTrue();
  }
}
