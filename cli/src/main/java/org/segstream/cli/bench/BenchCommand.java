package org.segstream.cli.bench;

import picocli.CommandLine.Command;

/** {@code segstream bench …}: benchmarks that report ratios against a baseline measured in the same run. */
@Command(name = "bench", mixinStandardHelpOptions = true,
    description = "Benchmarks; each reports a ratio against a baseline measured in the same run.",
    subcommands = {WorkerBench.class, ModelsBench.class, IngestBench.class, PostprocessBench.class,
        OverlayBench.class, ViewBench.class, IntervalCommand.class})
public final class BenchCommand {}
