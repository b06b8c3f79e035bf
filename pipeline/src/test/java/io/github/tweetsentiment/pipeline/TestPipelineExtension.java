package io.github.tweetsentiment.pipeline;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.List;
import org.apache.beam.sdk.testing.TestPipeline;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.InvocationInterceptor;
import org.junit.jupiter.api.extension.ReflectiveInvocationContext;
import org.junit.platform.commons.support.HierarchyTraversalMode;
import org.junit.platform.commons.support.ReflectionSupport;
import org.junit.runner.Description;
import org.junit.runners.model.Statement;

/**
 * {@link TestPipeline}'s JUnit 4 rule for JUnit 5 tests: each test method runs inside the rule's
 * own statement ({@code TestPipeline.apply(statement, description)}), so Beam enforces exactly what
 * it enforces under {@code @Rule}. {@code p.run()} works (outside its rule it refuses: "missing
 * a @Rule annotation"); a test that builds a pipeline and returns without running it fails with
 * {@code PipelineRunMissingException}; one that adds transforms or PAsserts after the run fails
 * with {@code AbandonedNodeException}. As under the rule, the checks run only when the test method
 * returns normally, and the pipeline's app name is {@code Class-method}.
 *
 * <p>A class declares its pipeline as it declared the rule, without {@code @Rule}:
 *
 * <pre>{@code
 * @ExtendWith(TestPipelineExtension.class)
 * class MyTest {
 *   final transient TestPipeline p = TestPipeline.create();
 * }
 * }</pre>
 *
 * JUnit makes an instance of the class per test, so each test gets a pipeline of its own; a class
 * that asks for one instance for all its tests ({@code PER_CLASS}) is refused. {@code @BeforeEach}
 * and {@code @AfterEach} methods run outside the statement (under the rule they ran inside it);
 * they may configure the pipeline's options, as before, but not run it.
 */
public final class TestPipelineExtension implements InvocationInterceptor {

  @Override
  public void interceptTestMethod(
      Invocation<Void> invocation,
      ReflectiveInvocationContext<Method> invocationContext,
      ExtensionContext extensionContext)
      throws Throwable {
    runInsideTheRule(invocation, invocationContext, extensionContext);
  }

  @Override
  public void interceptTestTemplateMethod(
      Invocation<Void> invocation,
      ReflectiveInvocationContext<Method> invocationContext,
      ExtensionContext extensionContext)
      throws Throwable {
    runInsideTheRule(invocation, invocationContext, extensionContext);
  }

  private static void runInsideTheRule(
      Invocation<Void> invocation,
      ReflectiveInvocationContext<Method> invocationContext,
      ExtensionContext extensionContext)
      throws Throwable {
    if (extensionContext.getTestInstanceLifecycle().orElse(TestInstance.Lifecycle.PER_METHOD)
        == TestInstance.Lifecycle.PER_CLASS) {
      throw new ExtensionConfigurationException(
          extensionContext.getRequiredTestClass().getSimpleName()
              + ": a TestPipeline serves one test; use the default lifecycle (PER_METHOD)");
    }
    Object test =
        invocationContext
            .getTarget()
            .orElseThrow(
                () ->
                    new ExtensionConfigurationException(
                        "TestPipelineExtension needs a test instance, not a static method"));
    Method method = invocationContext.getExecutable();
    Description description =
        Description.createTestDescription(
            test.getClass(), method.getName(), method.getAnnotations());
    Statement body =
        new Statement() {
          @Override
          public void evaluate() throws Throwable {
            invocation.proceed();
          }
        };
    pipelineOf(test).apply(body, description).evaluate();
  }

  /** The one TestPipeline instance field of {@code test}. */
  static TestPipeline pipelineOf(Object test) throws IllegalAccessException {
    List<Field> fields =
        ReflectionSupport.findFields(
            test.getClass(),
            f ->
                TestPipeline.class.isAssignableFrom(f.getType())
                    && !Modifier.isStatic(f.getModifiers()),
            HierarchyTraversalMode.TOP_DOWN);
    if (fields.size() != 1) {
      throw new ExtensionConfigurationException(
          test.getClass().getSimpleName()
              + " has "
              + fields.size()
              + " TestPipeline instance fields; TestPipelineExtension needs exactly one, e.g. "
              + "final transient TestPipeline p = TestPipeline.create();");
    }
    Field field = fields.get(0);
    field.setAccessible(true);
    TestPipeline pipeline = (TestPipeline) field.get(test);
    if (pipeline == null) {
      throw new ExtensionConfigurationException(
          test.getClass().getSimpleName() + "." + field.getName() + " is null");
    }
    return pipeline;
  }
}
