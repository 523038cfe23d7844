package dev.actionclip.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code action-clip}: zero-shot video action recognition. Each sub-command is its own class; the exit codes
 * are shared: 0 success, 1 unexpected failure, 2 usage error or bad input, 3 some items of a batch failed.
 */
@Command(name = "action-clip",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        description = "Zero-shot video action recognition in the style of ActionCLIP, on the JVM.",
        subcommands = {
            CommandLine.HelpCommand.class,
            InfoCommand.class,
            EmbedTextCommand.class,
            EmbedImageCommand.class,
            SynthCommand.class,
            FramesCommand.class,
            LabelCommand.class,
            WatchCommand.class,
            TrainCommand.class,
            EvalCommand.class,
        },
        footer = {"", "Exit codes: 0 ok, 1 internal error, 2 usage error or unreadable input, 3 some videos failed.",
            "Run 'action-clip help COMMAND' for the options of one command."})
public final class Main implements Runnable {
    public static final int EXIT_OK = 0;
    public static final int EXIT_INTERNAL = 1;
    public static final int EXIT_USAGE = 2;
    public static final int EXIT_PARTIAL = 3;

    @Option(names = "--verbose", description = "Print timings and the stack traces of errors.", scope = CommandLine.ScopeType.INHERIT)
    boolean verbose;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs the command line and returns its exit code (tests call this instead of {@link #main}). */
    public static int execute(String... args) {
        CommandLine cl = commandLine();
        return cl.execute(args);
    }

    /** Runs the command line with its output and errors captured (tests). */
    public static int execute(java.io.PrintWriter out, java.io.PrintWriter err, String... args) {
        CommandLine cl = commandLine();
        cl.setOut(out);
        cl.setErr(err);
        return cl.execute(args);
    }

    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Main());
        cl.setExecutionExceptionHandler(new ErrorHandler());
        cl.setExitCodeExceptionMapper(ErrorHandler::exitCode);
        return cl;
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[] {"action-clip " + (v == null ? "dev" : v)};
        }
    }
}
