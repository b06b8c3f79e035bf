package io.github.tweetsentiment.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectMethod;

import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.options.ApplicationNameOptions;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * TestPipelineExtension enforces what TestPipeline's rule enforces: the sample tests below are run
 * through the JUnit Platform launcher, as a build runs them, and their outcomes checked.
 */
class TestPipelineExtensionTest {

  private static final String LAUNCHED = "tweetsentiment.testPipelineExtensionTest.launched";

  /** The outcome of one sample test: its result, with the failure if it failed. */
  private static TestExecutionResult outcome(Class<?> samples, String method) {
    List<TestExecutionResult> results = new ArrayList<>();
    LauncherFactory.create()
        .execute(
            LauncherDiscoveryRequestBuilder.request()
                .selectors(selectMethod(samples, method))
                .configurationParameter(LAUNCHED, "true")
                .build(),
            new TestExecutionListener() {
              @Override
              public void executionFinished(TestIdentifier id, TestExecutionResult result) {
                if (id.isTest()) {
                  results.add(result);
                }
              }
            });
    assertThat(results).as("%s.%s ran", samples.getSimpleName(), method).hasSize(1);
    return results.get(0);
  }

  private static Throwable failure(Class<?> samples, String method) {
    TestExecutionResult result = outcome(samples, method);
    assertThat(result.getStatus()).isEqualTo(TestExecutionResult.Status.FAILED);
    return result.getThrowable().orElseThrow();
  }

  @Test
  void aTestThatRunsItsPipeline_passes_andThePipelineIsNamedAfterIt() {
    assertThat(outcome(Samples.class, "runs").getStatus())
        .isEqualTo(TestExecutionResult.Status.SUCCESSFUL);
    assertThat(outcome(Samples.class, "isNamedAfterItsTest").getStatus())
        .isEqualTo(TestExecutionResult.Status.SUCCESSFUL);
  }

  @Test
  void aTestThatBuildsNoPipeline_passes() {
    assertThat(outcome(Samples.class, "buildsNothing").getStatus())
        .isEqualTo(TestExecutionResult.Status.SUCCESSFUL);
  }

  @Test
  void aTestThatForgetsToRun_fails() {
    assertThat(failure(Samples.class, "forgetsToRun"))
        .isInstanceOf(TestPipeline.PipelineRunMissingException.class);
  }

  @Test
  void aTestThatAddsATransformAfterTheRun_fails() {
    assertThat(failure(Samples.class, "addsATransformAfterTheRun"))
        .isInstanceOf(TestPipeline.AbandonedNodeException.class)
        .hasMessageContaining("abandoned PTransform");
  }

  @Test
  void aFailingPAssert_failsTheTest() {
    assertThat(failure(Samples.class, "assertsWrongly")).isInstanceOf(AssertionError.class);
  }

  @Test
  void aTestThatThrows_failsWithItsOwnException_notTheEnforcements() {
    assertThat(failure(Samples.class, "throwsBeforeRunning"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("the test's own failure");
  }

  @Test
  void aClassWithoutAPipeline_orWithOneForAllItsTests_isRefused() {
    assertThat(failure(NoPipeline.class, "test"))
        .isInstanceOf(ExtensionConfigurationException.class)
        .hasMessageContaining("0 TestPipeline instance fields");
    assertThat(failure(OnePipelineForAllTests.class, "test"))
        .isInstanceOf(ExtensionConfigurationException.class)
        .hasMessageContaining("PER_METHOD");
  }

  /** Lets the samples run only when launched above, not when a build or an IDE finds them. */
  static final class OnlyWhenLaunchedHere implements ExecutionCondition {
    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
      return context.getConfigurationParameter(LAUNCHED).isPresent()
          ? ConditionEvaluationResult.enabled("launched by TestPipelineExtensionTest")
          : ConditionEvaluationResult.disabled("a sample that TestPipelineExtensionTest runs");
    }
  }

  @ExtendWith({OnlyWhenLaunchedHere.class, TestPipelineExtension.class})
  static class Samples {
    final transient TestPipeline p = TestPipeline.create();

    @Test
    void runs() {
      PAssert.that(p.apply(Create.of(1, 2))).containsInAnyOrder(1, 2);
      p.run().waitUntilFinish();
    }

    @Test
    void isNamedAfterItsTest() {
      assertThat(p.getOptions().as(ApplicationNameOptions.class).getAppName())
          .isEqualTo("TestPipelineExtensionTest$Samples-isNamedAfterItsTest");
    }

    @Test
    void buildsNothing() {}

    @Test
    void forgetsToRun() {
      PAssert.that(p.apply(Create.of(1))).containsInAnyOrder(1);
    }

    @Test
    void addsATransformAfterTheRun() {
      p.apply(Create.of(1));
      p.run().waitUntilFinish();
      p.apply("Later", Create.of(2));
    }

    @Test
    void assertsWrongly() {
      PAssert.that(p.apply(Create.of(1))).containsInAnyOrder(2);
      p.run().waitUntilFinish();
    }

    @Test
    void throwsBeforeRunning() {
      p.apply(Create.of(1));
      throw new IllegalStateException("the test's own failure");
    }
  }

  @ExtendWith({OnlyWhenLaunchedHere.class, TestPipelineExtension.class})
  static class NoPipeline {
    @Test
    void test() {}
  }

  @TestInstance(TestInstance.Lifecycle.PER_CLASS)
  @ExtendWith({OnlyWhenLaunchedHere.class, TestPipelineExtension.class})
  static class OnePipelineForAllTests {
    final transient TestPipeline p = TestPipeline.create();

    @Test
    void test() {}
  }
}
