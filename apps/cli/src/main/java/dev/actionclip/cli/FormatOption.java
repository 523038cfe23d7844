package dev.actionclip.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;

/**
 * {@code --format}, the one output option of every command that prints results ({@code embed-text},
 * {@code embed-image}, {@code label}, {@code eval}, {@code frames}, {@code watch}, {@code info}, {@code doctor}).
 *
 * <p>The values, the same words everywhere (case-insensitive):
 * <ul>
 *   <li>{@code text}: for people, a table or aligned {@code key: value} lines; only commands that have one;</li>
 *   <li>{@code csv}: a header line, then one record per row (the project's CSV dialect, {@code formats.Csv});</li>
 *   <li>{@code jsonl}: one JSON object per line, one line per row (commands that print rows);</li>
 *   <li>{@code json}: one JSON document on one line (commands that print one result, not rows).</li>
 * </ul>
 * {@code json} and {@code jsonl} are accepted for each other: a command that prints rows treats {@code json} as
 * {@code jsonl} (as an {@code .json} output file does), and a one-document command's single line is also a valid
 * one-record JSON Lines file. Each command accepts only its own subset; its help lists it.
 *
 * <p>One default rule: without {@code --format}, a command that writes to {@code --output FILE} takes the format
 * from the file's extension ({@code .csv} -> csv, {@code .jsonl}/{@code .json} -> jsonl/json) when it supports it;
 * otherwise the command's own default, which is what it printed before {@code --format} existed.
 *
 * <p>{@code --json} stays as a hidden, deprecated alias of {@code --format json} (or {@code jsonl}).
 *
 * <p>Use: {@code @Mixin FormatOption format = FormatOption.of(Format.JSONL, Format.CSV);} (the first value is the
 * default), then {@code format.resolve(outputFileOrNull)}. The {@code --format} help line is written per command
 * from those values by {@link Describe}.
 */
@Command(modelTransformer = FormatOption.Describe.class)
public final class FormatOption {
    /** An output format. */
    public enum Format {
        TEXT("text", "for people"),
        CSV("csv", "a header, then one record per row"),
        JSONL("jsonl", "one JSON object per line"),
        JSON("json", "one JSON document");

        private final String word;
        private final String meaning;

        Format(String word, String meaning) {
            this.word = word;
            this.meaning = meaning;
        }

        /** The value as typed on the command line. */
        public String word() {
            return word;
        }

        /** What it prints, for help texts. */
        public String meaning() {
            return meaning;
        }

        static Format parse(String s) {
            for (Format f : values()) {
                if (f.word.equalsIgnoreCase(s.strip())) {
                    return f;
                }
            }
            return null;
        }

        @Override
        public String toString() {
            return word;
        }
    }

    private final Format byDefault;
    private final Set<Format> allowed;
    private Format chosen;
    private String typed;
    private boolean json;

    @CommandLine.Spec(CommandLine.Spec.Target.MIXEE)
    CommandSpec mixee;

    /** Picocli's no-argument instance; commands construct theirs with {@link #of}. */
    public FormatOption() {
        this(Format.TEXT, Format.JSON);
    }

    private FormatOption(Format byDefault, Format... others) {
        this.byDefault = byDefault;
        this.allowed = EnumSet.of(byDefault, others);
    }

    /**
     * The formats of one command; {@code byDefault} is used without {@code --format} and without an
     * {@code --output} whose extension names one of them.
     */
    public static FormatOption of(Format byDefault, Format... others) {
        return new FormatOption(byDefault, others);
    }

    @Option(names = "--format", paramLabel = "FORMAT",
            description = "Output format (the values and the default of each command are in its help).")
    void format(String value) {
        if (value == null) { // picocli resetting the option before a parse
            typed = null;
            chosen = null;
            return;
        }
        Format f = Format.parse(value);
        Format accepted = f == null ? null : accept(f);
        if (accepted == null) {
            throw fail("--format must be " + choices(" or ") + (mixee == null ? "" : " for " + mixee.name())
                    + ", not '" + value + "'");
        }
        typed = value;
        chosen = accepted;
    }

    @Option(names = "--json", hidden = true,
            description = "Deprecated: the same as --format json (jsonl for commands that print rows).")
    void json(boolean value) {
        json = value;
    }

    /** {@code f}, or its JSON twin when only that is offered, or null. */
    private Format accept(Format f) {
        if (allowed.contains(f)) {
            return f;
        }
        if (f == Format.JSON && allowed.contains(Format.JSONL)) {
            return Format.JSONL;
        }
        if (f == Format.JSONL && allowed.contains(Format.JSON)) {
            return Format.JSON;
        }
        return null;
    }

    /** The format without an output file (commands that always print to standard output). */
    public Format resolve() {
        return resolve(null);
    }

    /**
     * The format in effect: {@code --format}, else {@code --json}, else {@code output}'s extension when this
     * command offers that format, else the command's default.
     *
     * @throws CommandLine.ParameterException when {@code --json} contradicts {@code --format}
     */
    public Format resolve(Path output) {
        Format jsonFormat = accept(Format.JSON);
        if (json && jsonFormat == null) {
            throw fail("--json: " + (mixee == null ? "this command" : mixee.name()) + " prints " + choices(" or "));
        }
        if (chosen != null) {
            if (json && chosen != jsonFormat) {
                throw fail("--json contradicts --format " + typed + " (--json is the old spelling of --format json)");
            }
            return chosen;
        }
        if (json) {
            return jsonFormat;
        }
        Format byName = fromExtension(output);
        return byName != null ? byName : byDefault;
    }

    /** A usage error (exit 2): picocli's, with the command's usage hint, when parsing; ours otherwise. */
    private RuntimeException fail(String message) {
        return mixee == null ? new UserInputException(message)
                : new CommandLine.ParameterException(mixee.commandLine(), message);
    }

    /** The format an output file's name asks for, when this command offers it; null otherwise. */
    Format fromExtension(Path output) {
        if (output == null || output.getFileName() == null) {
            return null;
        }
        String n = output.getFileName().toString().toLowerCase(Locale.ROOT);
        if (n.endsWith(".csv")) {
            return accept(Format.CSV);
        }
        if (n.endsWith(".jsonl") || n.endsWith(".json")) {
            return accept(Format.JSONL);
        }
        return null;
    }

    /** The default without --format and --output. */
    public Format byDefault() {
        return byDefault;
    }

    /** The formats this command offers, its default first. */
    public List<Format> allowed() {
        List<Format> l = new ArrayList<>();
        l.add(byDefault);
        for (Format f : allowed) {
            if (f != byDefault) {
                l.add(f);
            }
        }
        return l;
    }

    private String choices(String lastSeparator) {
        List<String> words = allowed().stream().map(Format::word).toList();
        if (words.size() == 1) {
            return words.get(0);
        }
        return String.join(", ", words.subList(0, words.size() - 1)) + lastSeparator + words.get(words.size() - 1);
    }

    /**
     * Rewrites the {@code --format} option of each command from its own {@link FormatOption}: the values it accepts
     * (shell completion and the usage line show them) and its default, so every command's help states both.
     */
    public static final class Describe implements CommandLine.IModelTransformer {
        @Override
        public CommandSpec transform(CommandSpec spec) {
            FormatOption fo = null;
            for (CommandSpec m : spec.mixins().values()) {
                if (m.userObject() instanceof FormatOption f) {
                    fo = f;
                }
            }
            OptionSpec old = spec.findOption("--format");
            if (fo == null || old == null) {
                return spec;
            }
            boolean hasOutput = spec.findOption("--output") != null;
            List<String> parts = new ArrayList<>();
            for (Format f : fo.allowed()) {
                parts.add(f.word() + " (" + f.meaning() + ")");
            }
            String values = parts.size() == 1 ? parts.get(0)
                    : String.join(", ", parts.subList(0, parts.size() - 1)) + " or " + parts.get(parts.size() - 1);
            String dflt = hasOutput
                    ? "default: from --output's extension (.csv -> csv, .jsonl/.json -> jsonl) when it is one of "
                            + "these, else " + fo.byDefault().word()
                    : "default: " + fo.byDefault().word();
            OptionSpec replacement = OptionSpec.builder(old)
                    .paramLabel(String.join("|", fo.allowed().stream().map(Format::word).toList()))
                    .completionCandidates(fo.allowed().stream().map(Format::word).toList())
                    .description("Output format: " + values + " (" + dflt + ").")
                    .build();
            spec.remove(old);
            spec.addOption(replacement);
            return spec;
        }
    }
}
