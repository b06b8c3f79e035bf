package io.github.tweetsentiment.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.tweetsentiment.core.TweetJson;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every parameter the client sends is one the official X API v2 OpenAPI spec (in the shared
 * fixtures) declares for recent search, with a value it allows. Skipped where the shared folder is
 * absent.
 */
class XApiOpenApiContractTest {
  static Map<String, JsonNode> parameters;

  @BeforeAll
  static void readSpec() throws Exception {
    JsonNode spec =
        TweetJson.mapper()
            .readTree(Pages.sharedFixtures().resolve("openapi.x-api-v2.2.159.json").toFile());
    parameters = new HashMap<>();
    for (JsonNode p :
        spec.path("paths").path("/2/tweets/search/recent").path("get").path("parameters")) {
      JsonNode resolved = p;
      if (p.has("$ref")) {
        String ref = p.get("$ref").asText();
        resolved = spec.at(ref.substring(1));
      }
      parameters.put(resolved.path("name").asText(), resolved.path("schema"));
    }
    assertThat(parameters).containsKeys("query", "since_id", "max_results", "tweet.fields");
  }

  static List<HttpUrl> urlsTheClientBuilds() {
    XApiClient client =
        new XApiClient(
            new OkHttpClient(),
            HttpUrl.get("https://api.x.com"),
            BearerToken.of(Pages.TOKEN, "X_BEARER_TOKEN"),
            Clock.systemUTC(),
            d -> {},
            RetryPolicy.DEFAULT);
    Instant start = Instant.parse("2026-11-25T09:00:00Z");
    return List.of(
        client.url(SearchRequest.first("cats lang:en", null, start, true)),
        client.url(SearchRequest.first("cats lang:en", null, start, false).next("tok")),
        client.url(SearchRequest.first("cats", "1861234567890123456", null, true).next("tok")),
        client.url(
            SearchRequest.within(
                    "cats", Gap.between("1861234567890000000", "1861234567890123456", start), false)
                .next("tok")),
        client.url(
            SearchRequest.within("cats", Gap.from(start, "1861234567890123456", start), false)));
  }

  @Test
  void everyParameterIsDeclaredForRecentSearch() {
    for (HttpUrl url : urlsTheClientBuilds()) {
      assertThat(url.encodedPath()).isEqualTo("/2/tweets/search/recent");
      assertThat(parameters.keySet()).containsAll(url.queryParameterNames());
    }
  }

  @Test
  void listValuesAreInTheSpecsEnums() {
    for (HttpUrl url : urlsTheClientBuilds()) {
      for (String name : List.of("tweet.fields", "expansions")) {
        String value = url.queryParameter(name);
        if (value == null) {
          continue;
        }
        Set<String> allowed = new HashSet<>();
        parameters.get(name).path("items").path("enum").forEach(v -> allowed.add(v.asText()));
        assertThat(allowed).as(name).containsAll(List.of(value.split(",")));
      }
    }
  }

  @Test
  void maxResultsIsWithinTheSpecsRange() {
    JsonNode schema = parameters.get("max_results");
    for (HttpUrl url : urlsTheClientBuilds()) {
      int n = Integer.parseInt(url.queryParameter("max_results"));
      assertThat(n).isBetween(schema.path("minimum").asInt(), schema.path("maximum").asInt());
    }
  }

  @Test
  void queryLimitIsNoLooserThanTheSpec() {
    assertThat(PollSettings.MAX_QUERY_BYTES)
        .isLessThanOrEqualTo(parameters.get("query").path("maxLength").asInt());
  }
}
