package dev.actionclip.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/** The usage of every command: each option states its default, each command has an example, exit codes listed. */
class HelpTest {
    private static final List<String> STANDARD = List.of("--help", "--version");

    @Test
    void everyOptionStatesItsDefault() {
        CommandLine root = Main.commandLine();
        List<String> missing = new ArrayList<>();
        check(root, missing);
        for (Map.Entry<String, CommandLine> e : root.getSubcommands().entrySet()) {
            check(e.getValue(), missing);
        }
        assertTrue(missing.isEmpty(), "options whose help does not state a default: " + missing);
    }

    private static void check(CommandLine cl, List<String> missing) {
        CommandLine.Model.CommandSpec spec = cl.getCommandSpec();
        for (OptionSpec o : spec.options()) {
            if (o.hidden() || o.required() || o.usageHelp() || o.versionHelp() || STANDARD.contains(o.longestName())) {
                continue;
            }
            String d = String.join(" ", o.description()).toLowerCase(Locale.ROOT);
            if (spec.name().equals("help") || spec.name().equals("generate-completion")) {
                if (!o.longestName().equals("--verbose")) {
                    continue; // picocli's own commands
                }
            }
            if (!d.contains("default")) {
                missing.add(spec.qualifiedName() + " " + o.longestName());
            }
            if (d.contains("${default-value}")) {
                missing.add(spec.qualifiedName() + " " + o.longestName() + " (unrendered variable)");
            }
        }
    }

    @Test
    void everyCommandHasAnExampleInItsFooter() {
        CommandLine root = Main.commandLine();
        List<String> without = new ArrayList<>();
        for (Map.Entry<String, CommandLine> e : root.getSubcommands().entrySet()) {
            String usage = e.getValue().getUsageMessage(CommandLine.Help.Ansi.OFF);
            int footer = usage.lastIndexOf("Example");
            if (footer < 0 || !usage.substring(footer).contains("action-clip " + e.getKey())
                    && !e.getKey().equals("generate-completion")) {
                without.add(e.getKey());
            }
        }
        assertTrue(without.isEmpty(), "commands without an example: " + without);
        String main = root.getUsageMessage(CommandLine.Help.Ansi.OFF);
        assertTrue(main.contains("Exit codes: 0 ok, 1 internal error"), main);
        assertTrue(main.contains("2 usage error") && main.contains("3 some videos failed"), main);
    }

    @Test
    void examplesFitEightyColumns() {
        CommandLine root = Main.commandLine();
        Map<String, CommandLine> all = new java.util.LinkedHashMap<>(root.getSubcommands());
        all.put("action-clip", root);
        List<String> tooLong = new ArrayList<>();
        for (Map.Entry<String, CommandLine> e : all.entrySet()) {
            for (String line : e.getValue().getCommandSpec().usageMessage().footer()) {
                // command lines (indented) must not wrap: a wrapped example cannot be pasted
                if (line.startsWith("  ") && line.length() > 80) {
                    tooLong.add(e.getKey() + ": " + line);
                }
            }
        }
        assertTrue(tooLong.isEmpty(), "examples longer than 80 columns (picocli wraps them): " + tooLong);
    }

    @Test
    void formatHelpListsTheCommandsOwnValuesAndDefault() {
        CommandLine root = Main.commandLine();
        Map<String, String> want = Map.of("embed-text", "jsonl|csv", "embed-image", "jsonl|csv", "label", "csv|jsonl",
                "watch", "jsonl|csv", "eval", "text|csv|json", "frames", "text|csv|json", "info", "text|json",
                "doctor", "text|json");
        want.forEach((cmd, values) -> {
            OptionSpec f = root.getSubcommands().get(cmd).getCommandSpec().findOption("--format");
            assertEquals(values, f.paramLabel(), cmd);
            String d = String.join(" ", f.description());
            String dflt = values.substring(0, values.indexOf('|'));
            assertTrue(d.endsWith("else " + dflt + ").") || d.endsWith("(default: " + dflt + ")."), cmd + ": " + d);
            assertTrue(root.getSubcommands().get(cmd).getCommandSpec().findOption("--json").hidden(), cmd);
        });
    }
}
