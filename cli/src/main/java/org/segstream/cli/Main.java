package org.segstream.cli;

import org.segstream.cli.bench.BenchCommand;
import org.segstream.cli.demo.DemoCommand;
import org.segstream.cli.masks.MasksCommand;
import org.segstream.cli.service.IngestCommand;
import org.segstream.cli.service.PostprocessCommand;
import org.segstream.cli.service.WorkerCommand;
import org.segstream.cli.stats.StatsCommand;
import org.segstream.cli.view.ViewCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code segstream} command. */
@Command(name = "segstream", mixinStandardHelpOptions = true, version = "segstream 0.1.0",
    description = "Streaming semantic segmentation for camera and 360° fleets on Kafka.",
    subcommands = {DemoCommand.class, StatsCommand.class, MasksCommand.class, ViewCommand.class, BrokerCommand.class, IngestCommand.class, WorkerCommand.class,
        PostprocessCommand.class, EvalCommand.class, BenchCommand.class})
public final class Main {

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  /** The configured command line, shared by {@link #main} and tests. */
  public static CommandLine commandLine() {
    return new CommandLine(new Main())
        // One clear line for a bad file or setting, not a stack trace.
        .setExecutionExceptionHandler((e, cmd, parsed) -> {
          cmd.getErr().println("error: " + rootMessage(e));
          return 2;
        });
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && (t.getMessage() == null || t instanceof java.util.concurrent.ExecutionException)) {
      t = t.getCause();
    }
    return t.getMessage() == null ? t.toString() : t.getMessage();
  }
}
