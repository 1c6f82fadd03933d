package org.sonicsight.app;

import org.sonicsight.cli.BenchSpectrogramCommand;
import org.sonicsight.cli.BenchEventsCommand;
import org.sonicsight.cli.BenchGradioCommand;
import org.sonicsight.cli.BenchIdentifyCommand;

import picocli.CommandLine.Command;

/** Benchmarks that print figures (targets live here, never in timed unit tests). */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Benchmarks that print figures, with a peer measured in the same run where one exists.",
        subcommands = {BenchSpectrogramCommand.class, BenchIdentifyCommand.class, BenchGradioCommand.class,
                BenchWebCommand.class, BenchLiveCommand.class, BenchEventsCommand.class, BenchSoakCommand.class,
                BenchStartupCommand.class,
                org.sonicsight.cli.BenchExplainCommand.class})
final class BenchCommand implements Runnable {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
