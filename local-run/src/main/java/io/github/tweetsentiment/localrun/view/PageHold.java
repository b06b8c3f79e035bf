package io.github.tweetsentiment.localrun.view;

import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;

/** How long the live page stays up once the run is over and its report written. */
@FunctionalInterface
public interface PageHold {

  /** Returns when the page may stop; {@code page} is its address. */
  void await(URI page) throws InterruptedException;

  /** The page stops with the run. */
  PageHold NONE = page -> {};

  /**
   * In a terminal, the page stays up until Enter (or Ctrl-C), so that a run that ended before the
   * browser opened can still be looked at; elsewhere (scripts, tests, CI) it stops with the run.
   */
  static PageHold untilEnterInATerminal(PrintStream out) {
    if (!interactive()) {
      return NONE;
    }
    return page -> {
      out.printf("The live page stays up at %s: press Enter to exit.%n", page);
      try {
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
      } catch (IOException e) {
        // No more input: nothing to wait for.
      }
    };
  }

  /** True when both standard input and output are a terminal. */
  private static boolean interactive() {
    Console console = System.console();
    if (console == null) {
      return false;
    }
    try {
      // Java 22+ returns a console even when redirected, and says with isTerminal().
      return (boolean) Console.class.getMethod("isTerminal").invoke(console);
    } catch (ReflectiveOperationException e) {
      return true; // Before Java 22, a console means a terminal.
    }
  }
}
