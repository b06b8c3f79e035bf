package io.github.tweetsentiment.localrun;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** A local run as a user starts it: its exit code and what it printed to the console. */
record ConsoleRun(int exit, String printed) {

  /** Runs the local pipeline with {@code args} to its end, capturing the console. */
  static ConsoleRun of(String... args) {
    ByteArrayOutputStream console = new ByteArrayOutputStream();
    int exit = LocalPipeline.run(args, new PrintStream(console, true, StandardCharsets.UTF_8));
    return new ConsoleRun(exit, console.toString(StandardCharsets.UTF_8));
  }
}
