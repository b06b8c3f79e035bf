package io.github.tweetsentiment.tools;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/** Every command's flags: one style ({@code --camelCase=value}), help, and bad usage refused. */
class CommandLinesTest {

  static List<Supplier<Object>> commands() {
    return List.of(Train::new, Evaluate::new, Calibrate::new, Quantify::new, Benchmark::new);
  }

  /** A run's exit status and what it wrote. */
  private record Run(int status, String out, String err) {}

  private static Run run(Object command, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int status =
        CliLogging.commandLine(command)
            .setOut(new PrintWriter(out))
            .setErr(new PrintWriter(err))
            .execute(args);
    return new Run(status, out.toString(), err.toString());
  }

  @ParameterizedTest
  @MethodSource("commands")
  void everyFlagIsCamelCase(Supplier<Object> command) {
    CommandLine cmd = CliLogging.commandLine(command.get());
    for (OptionSpec option : cmd.getCommandSpec().options()) {
      for (String name : option.names()) {
        assertThat(name).as(cmd.getCommandName()).matches("--[a-z][a-zA-Z0-9]*|-[a-zA-Z]");
      }
    }
  }

  @ParameterizedTest
  @MethodSource("commands")
  void help_listsTheFlags(Supplier<Object> command) {
    Run run = run(command.get(), "--help");
    assertThat(run.status()).isZero();
    assertThat(run.out()).startsWith("Usage: ").contains("--model=");
  }

  @Test
  void anUnknownFlag_isBadUsageNamingIt_andTheOldKebabSpellingsAreGone() {
    Run run = run(new Benchmark(), "--warmup-seconds=3");
    assertThat(run.status()).isEqualTo(2);
    assertThat(run.err()).contains("Unknown option: '--warmup-seconds=3'");

    // picocli suggests the flags that look like it.
    run = run(new Train(), "--model=fast", "--mlp-epochs", "8");
    assertThat(run.status()).isEqualTo(2);
    assertThat(run.err()).contains("Unknown options: '--mlp-epochs'").contains("--mlpEpochs");
  }

  @Test
  void aBadValue_isBadUsageNamingTheFlag() {
    Run run = run(new Quantify(), "--designEffect=three");
    assertThat(run.status()).isEqualTo(2);
    assertThat(run.err()).contains("--designEffect").contains("'three'");
  }

  @Test
  void aValueFollowsTheFlagAfterEqualsOrASpace() {
    Train equals = new Train();
    CliLogging.commandLine(equals).parseArgs("--model=best", "--mlpEpochs=8", "--l2=1e-4,1e-5");
    Train space = new Train();
    CliLogging.commandLine(space).parseArgs("--model", "best", "--mlpEpochs", "8");

    assertThat(equals.model).isEqualTo(space.model).isEqualTo("best");
    assertThat(equals.mlpEpochs).isEqualTo(space.mlpEpochs).isEqualTo(8);
    assertThat(equals.l2).containsExactly(1e-4, 1e-5);
  }
}
