package org.segstream.cli.bench;

import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code segstream bench interval}: the mean of a figure over separate runs with its 95 %
 * confidence interval. On a VM whose slow phases outlast a run, the rounds of one run are not
 * independent, so a goal is judged on runs, each run's figure one value.
 */
@Command(name = "interval", mixinStandardHelpOptions = true,
    description = "Mean and 95%% confidence interval (Student's t) of a figure from separate runs, "
        + "e.g. the ratios of several 'bench worker' runs.")
final class IntervalCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Parameters(arity = "2..*", paramLabel = "VALUE", description = "One figure per run, at least two.")
  List<Double> values;

  @Override
  public Integer call() {
    spec.commandLine().getOut().println(MeanInterval.of(values, "runs"));
    return 0;
  }
}
