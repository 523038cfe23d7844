package dev.actionclip.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class SynthCommandTest {
    private static String[] run(String... args) {
        CommandLine cl = Main.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int code = cl.execute(args);
        return new String[] {Integer.toString(code), out.toString(), err.toString()};
    }

    @Test
    void writesDatasetAndSummary(@TempDir Path dir) throws Exception {
        String[] r = run("synth", "--out", dir.toString(), "--seed", "3", "--per-label", "1", "--frames", "4",
                "--size", "32", "--shapes", "circle,square", "--colours", "red,blue", "--motions", "left,right",
                "--unseen-fraction", "0.25");
        assertEquals("0", r[0], r[2]);
        assertTrue(r[1].contains("labels: 6 seen, 2 unseen"), r[1]);
        assertTrue(r[1].contains("clips: 6 train, 6 val, 4 unseen"), r[1]);
        for (String f : new String[] {"train.csv", "val.csv", "unseen.csv", "labels.csv", "unseen_labels.csv"}) {
            assertTrue(Files.isRegularFile(dir.resolve(f)), f);
        }
    }

    @Test
    void badPartIsAUsageError(@TempDir Path dir) {
        String[] r = run("synth", "--out", dir.toString(), "--shapes", "blob");
        assertEquals("2", r[0]);
        assertTrue(r[2].startsWith("error: unknown shape 'blob'"), r[2]);
        r = run("synth", "--out", dir.toString(), "--frames", "1");
        assertEquals("2", r[0]);
    }
}
