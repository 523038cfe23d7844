package dev.actionclip.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** {@code --version} (Maven version and git commit; with --verbose the natives too) and shell completion. */
class VersionAndCompletionTest {
    @Test
    void versionNamesTheMavenVersionAndTheCommit() {
        CliRun r = CliRun.of("--version");
        assertEquals(0, r.code(), r.err());
        String[] lines = r.out().split("\\R");
        assertTrue(lines[0].matches("action-clip \\d+\\.\\d+\\.\\d+(-SNAPSHOT)?"), lines[0]);
        assertTrue(lines[1].matches("commit: ([0-9a-f]{40}( \\(\\S+\\))?( \\+ uncommitted changes)?"
                + "|unknown \\(not built from a git checkout\\))"), lines[1]);
        assertEquals(2, lines.length, "without --verbose, two lines: " + r.out());
        BuildInfo b = BuildInfo.load();
        assertTrue(lines[0].endsWith(b.version()));
        if (java.nio.file.Files.isDirectory(java.nio.file.Path.of(System.getProperty("user.dir")).resolve("../../.git"))) {
            assertTrue(b.commit() != null && b.commit().matches("[0-9a-f]{40}"), "built in a git checkout: " + b);
        }
    }

    @Test
    void verboseVersionAddsJavaLibTorchAndFfmpeg() {
        for (String[] args : new String[][] {{"--verbose", "--version"}, {"--version", "--verbose"},
                {"label", "--version", "--verbose"}}) {
            CliRun r = CliRun.of(args);
            assertEquals(0, r.code(), r.err());
            assertTrue(r.out().startsWith("action-clip "), r.out());
            assertTrue(r.out().contains("\njava: " + System.getProperty("java.runtime.version")), r.out());
            assertTrue(r.out().matches("(?s).*\nlibtorch: \\d+\\.\\d+\\.\\d+ \\(org\\.bytedeco:pytorch .*"), r.out());
            assertTrue(r.out().matches("(?s).*\nffmpeg: \\d+\\.\\d+(\\.\\d+)? \\(org\\.bytedeco:ffmpeg .*"), r.out());
        }
        assertEquals(CliRun.of("--version").out(), CliRun.of("eval", "--version").out(), "subcommands too");
    }

    @Test
    void generateCompletionPrintsABashScriptForEveryCommand() {
        CliRun r = CliRun.of("generate-completion");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().startsWith("#!/usr/bin/env bash"), r.out().lines().findFirst().orElse(""));
        assertTrue(r.out().contains("complete -F _complete_action-clip"), "registers the completion function");
        for (String cmd : new String[] {"label", "watch", "train", "eval", "embed-text", "embed-image", "frames",
                "info", "synth", "doctor"}) {
            assertTrue(r.out().contains(cmd), "mentions " + cmd);
        }
        // --format completes to the command's own values
        assertTrue(r.out().contains("(\"csv\" \"jsonl\") # --format values"), "label's --format values");
        String usage = CliRun.of("--help").out();
        assertTrue(usage.contains("generate-completion"), usage);
    }
}
