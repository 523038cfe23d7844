package dev.actionclip.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.actionclip.cli.FormatOption.Format;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The one --format rule, on stand-in commands (no model): values, synonyms, the default, --output, --json. */
class FormatOptionTest {
    /** Prints rows, has --output (like label and watch). */
    @Command(name = "rows")
    static final class Rows implements Callable<Integer> {
        @CommandLine.Mixin
        FormatOption format = FormatOption.of(Format.CSV, Format.JSONL);

        @Option(names = "--output")
        Path output;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            spec.commandLine().getOut().print(format.resolve(output).word());
            return 0;
        }
    }

    /** Prints one document, no --output (like eval, frames, info). */
    @Command(name = "doc")
    static final class Doc implements Callable<Integer> {
        @CommandLine.Mixin
        FormatOption format = FormatOption.of(Format.TEXT, Format.JSON, Format.CSV);

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            spec.commandLine().getOut().print(format.resolve().word());
            return 0;
        }
    }

    private static String[] run(Object command, String... args) {
        CommandLine cl = new CommandLine(command);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute(args);
        return new String[] {Integer.toString(code), out.toString(), err.toString()};
    }

    private static String rows(String... args) {
        String[] r = run(new Rows(), args);
        assertEquals("0", r[0], r[2]);
        return r[1];
    }

    private static String doc(String... args) {
        String[] r = run(new Doc(), args);
        assertEquals("0", r[0], r[2]);
        return r[1];
    }

    @Test
    void defaultThenOutputExtensionThenFormat() {
        assertEquals("csv", rows());
        assertEquals("jsonl", rows("--output", "x.jsonl"));
        assertEquals("jsonl", rows("--output", "dir/X.JSON"));
        assertEquals("csv", rows("--output", "x.csv"));
        assertEquals("csv", rows("--output", "x.txt"), "an extension that names no format: the default");
        assertEquals("csv", rows("--output", "x.jsonl", "--format", "csv"), "--format wins over the extension");
        assertEquals("jsonl", rows("--format", "JSONL"), "values are case-insensitive");
    }

    @Test
    void jsonAndJsonlStandForEachOther() {
        assertEquals("jsonl", rows("--format", "json"), "a command that prints rows prints JSON lines");
        assertEquals("json", doc("--format", "jsonl"), "a one-document command prints its one line");
        assertEquals("text", doc());
        assertEquals("csv", doc("--format", "csv"));
    }

    @Test
    void theOldJsonFlagIsAHiddenAlias() {
        assertEquals("jsonl", rows("--json"));
        assertEquals("json", doc("--json"));
        assertEquals("json", doc("--json", "--format", "json"), "agreeing spellings are fine");
        String[] r = run(new Doc(), "--json", "--format", "csv");
        assertEquals("2", r[0]);
        assertTrue(r[2].contains("--json contradicts --format csv"), r[2]);
        String usage = new CommandLine(new Doc()).getUsageMessage(CommandLine.Help.Ansi.OFF);
        assertTrue(!usage.contains("--json"), usage);
    }

    @Test
    void aValueTheCommandDoesNotPrintIsAUsageError() {
        String[] r = run(new Rows(), "--format", "text");
        assertEquals("2", r[0]);
        assertTrue(r[2].contains("--format must be csv or jsonl for rows, not 'text'"), r[2]);
        String[] bad = run(new Doc(), "--format", "yaml");
        assertEquals("2", bad[0]);
        assertTrue(bad[2].contains("--format must be text, csv or json for doc, not 'yaml'"), bad[2]);
    }

    @Test
    void helpNamesTheCommandsOwnValuesAndDefaultRule() {
        String rows = new CommandLine(new Rows()).getUsageMessage(CommandLine.Help.Ansi.OFF);
        assertTrue(rows.contains("--format=csv|jsonl"), rows);
        // picocli wraps lines anywhere, even inside ".jsonl/.json": compare without whitespace
        assertTrue(squash(rows).contains(squash("default: from --output's extension (.csv -> csv, .jsonl/.json -> "
                + "jsonl) when it is one of these, else csv")), rows);
        String doc = new CommandLine(new Doc()).getUsageMessage(CommandLine.Help.Ansi.OFF);
        assertTrue(doc.contains("--format=text|csv|json"), doc);
        assertTrue(squash(doc).contains("(default:text)"), doc);
        CommandLine.Model.OptionSpec o = new CommandLine(new Rows()).getCommandSpec().findOption("--format");
        assertEquals(java.util.List.of("csv", "jsonl"),
                java.util.stream.StreamSupport.stream(o.completionCandidates().spliterator(), false).toList());
    }

    private static String squash(String s) {
        return s.replaceAll("\\s+", "");
    }
}
