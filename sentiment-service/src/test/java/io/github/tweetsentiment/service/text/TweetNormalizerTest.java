package io.github.tweetsentiment.service.text;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;

class TweetNormalizerTest {

  @ParameterizedTest(name = "[{index}] {0}")
  @CsvSource(
      delimiter = '|',
      value = {
        // mentions and links, as TweetEval's preprocessing does
        "@jack loves this                          | @user loves this",
        "RT @KButter5: so good                     | RT @user so good",
        "see https://t.co/abc123 now               | see http now",
        "http://x.co and www.example.com           | http and www.example.com",
        "a lone @ sign                             | a lone @ sign",
        // escapes found in the training files and entities sent by the X API
        "can\\u2019t wait                          | can't wait",
        "one\\u002c two                            | one, two",
        "fish &amp; chips &lt;3 &gt;:(             | fish & chips <3 >:(",
        "&quot;quoted&quot; &#39;single&#39;       | \"quoted\" 'single'",
        "unknown &nbsp; entity                     | unknown &nbsp; entity",
        // typographic punctuation and spacing
        "“smart” ‘quotes’ wait…                    | \"smart\" 'quotes' wait...",
        // emoji and case are kept
        "I LOVE it 😍🔥                            | I LOVE it 😍🔥",
        "not an escape \\u12G4                     | not an escape \\u12G4",
      })
  void normalize_matchesTweetEvalConventions(String raw, String expected) {
    assertThat(TweetNormalizer.normalize(raw)).isEqualTo(expected);
  }

  @ParameterizedTest
  @NullAndEmptySource
  void normalize_nullOrEmpty_givesEmpty(String raw) {
    assertThat(TweetNormalizer.normalize(raw)).isEmpty();
  }

  @org.junit.jupiter.api.Test
  void normalize_collapsesAllKindsOfWhitespace() {
    assertThat(TweetNormalizer.normalize("  many \t spaces\nand\u00A0lines  "))
        .isEqualTo("many spaces and lines");
  }

  @org.junit.jupiter.api.Test
  void normalize_isIdempotent() {
    String once = TweetNormalizer.normalize("@a “hi” &amp; https://t.co/x can\\u2019t …");
    assertThat(TweetNormalizer.normalize(once)).isEqualTo(once);
  }
}
