package io.github.tweetsentiment.tools;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/**
 * What every command here shares on its command line: {@code --help} and {@code --version}, the
 * flags listed in the order they are declared, usage as wide as the terminal.
 */
@Command(mixinStandardHelpOptions = true, sortOptions = false, usageHelpAutoWidth = true)
abstract class ToolCommand implements Callable<Integer> {}
