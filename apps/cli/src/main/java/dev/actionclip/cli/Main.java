package dev.actionclip.cli;

import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code action-clip}: zero-shot video action recognition. Each sub-command is its own class; the exit codes
 * are shared: 0 success, 1 unexpected failure (or a failed {@code doctor} check), 2 usage error or bad input,
 * 3 some items of a batch failed.
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
            DoctorCommand.class,
            picocli.AutoComplete.GenerateCompletion.class,
        },
        footer = {"", "Exit codes: 0 ok, 1 internal error (doctor: a check failed), 2 usage error or unreadable input, "
                + "3 some videos failed (label).",
            "Output: --format text|csv|jsonl|json, the values each command supports are in its help; without it, "
                + "--output's extension (.csv, .jsonl/.json) decides, else the command's default.",
            "Run 'action-clip help COMMAND' for the options of one command; 'action-clip doctor' checks the "
                + "installation.",
            "", "Example:", "  action-clip label --model ViT-B-32.pt --labels \"riding a bike,waving\" videos/"})
public final class Main implements Runnable {
    public static final int EXIT_OK = 0;
    public static final int EXIT_INTERNAL = 1;
    public static final int EXIT_USAGE = 2;
    public static final int EXIT_PARTIAL = 3;

    @Option(names = "--verbose", scope = CommandLine.ScopeType.INHERIT,
            description = "Print timings and the stack traces of errors; with --version, also the Java, LibTorch and "
                    + "FFmpeg versions (default: off).")
    boolean verbose;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
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
        for (CommandLine sub : cl.getSubcommands().values()) {
            // 'action-clip label --version' prints the same as 'action-clip --version'
            Version version = new Version();
            version.spec = sub.getCommandSpec();
            sub.getCommandSpec().versionProvider(version);
        }
        CommandLine help = cl.getSubcommands().get("help");
        help.getCommandSpec().usageMessage().footer("", "Example:", "  action-clip help label");
        CommandLine completion = cl.getSubcommands().get("generate-completion");
        completion.getCommandSpec().usageMessage()
                .description("Print a bash/zsh completion script for action-clip to standard output.")
                .footer("", "Examples (action-clip on the PATH, e.g. a link to scripts/action-clip):",
                        "  source <(action-clip generate-completion)       # bash",
                        "  autoload -U +X compinit && compinit             # zsh: once, then",
                        "  autoload -U +X bashcompinit && bashcompinit",
                        "  source <(action-clip generate-completion)");
        return cl;
    }

    /**
     * {@code --version}: the Maven version and the git commit the jar was built from; with {@code --verbose} also
     * Java, LibTorch (the preset jar's version, without loading it) and FFmpeg ({@code av_version_info()}).
     */
    static final class Version implements CommandLine.IVersionProvider {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public String[] getVersion() {
            BuildInfo b = BuildInfo.load();
            List<String> lines = new ArrayList<>();
            lines.add("action-clip " + b.version());
            lines.add("commit: " + b.describeCommit());
            if (verbose()) {
                lines.add("java: " + System.getProperty("java.runtime.version", Runtime.version().toString()) + " ("
                        + System.getProperty("java.vendor") + ", " + System.getProperty("java.home") + ")");
                lines.add("os: " + System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                        + System.getProperty("os.arch"));
                String torch = DoctorCommand.implementationVersion(org.bytedeco.pytorch.global.torch.class);
                lines.add("libtorch: " + torch.replaceFirst("-[0-9.]+$", "") + " (org.bytedeco:pytorch " + torch + ")");
                lines.add("ffmpeg: " + ffmpegVersion());
            }
            // picocli formats version lines: keep a literal % as it is
            return lines.stream().map(l -> l.replace("%", "%%")).toArray(String[]::new);
        }

        private static String ffmpegVersion() {
            String preset = "org.bytedeco:ffmpeg "
                    + DoctorCommand.implementationVersion(org.bytedeco.ffmpeg.global.avutil.class);
            try {
                return org.bytedeco.ffmpeg.global.avutil.av_version_info().getString() + " (" + preset + ")";
            } catch (LinkageError e) {
                return "natives not loadable (" + DoctorCommand.describe(e) + "; " + preset + ")";
            }
        }

        /** Whether --verbose is on the command line, before or after --version, on any command. */
        private boolean verbose() {
            if (spec == null) {
                return false;
            }
            for (CommandLine.ParseResult p = spec.root().commandLine().getParseResult(); p != null; p = p.subcommand()) {
                if (p.hasMatchedOption("--verbose")) {
                    return true;
                }
            }
            return false;
        }
    }
}
