package io.github.tweetsentiment.pipeline;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a pipeline option as a parameter of the Flex Template, with what the template's metadata
 * needs beyond the option's {@code @Description}: a short label and the values it accepts. The
 * metadata file and the options table of docs/pipeline.md are generated from these and the
 * descriptions ({@code OptionsReferenceTest} checks they match).
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface TemplateParameter {

  /** The label the Dataflow console shows. */
  String label();

  /** A regular expression the value must match; empty for any value. */
  String regex() default "";
}
