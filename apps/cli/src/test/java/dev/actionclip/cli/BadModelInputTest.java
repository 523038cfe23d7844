package dev.actionclip.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.actionclip.formats.DType;
import dev.actionclip.formats.SafeTensors;
import dev.actionclip.testsupport.SharedFiles;
import dev.actionclip.formats.TensorData;
import dev.actionclip.model.ModelWeights;
import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Broken checkpoints: one clear line, exit code 2, no stack trace unless --verbose. */
class BadModelInputTest {
    @TempDir
    Path tmp;

    record Run(int code, String out, String err) {
    }

    static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Run(code, out.toString(), err.toString());
    }

    static void assertCleanFailure(Run r, String... needles) {
        assertEquals(2, r.code(), "exit code; stderr: " + r.err());
        assertTrue(r.err().startsWith("error: "), r.err());
        for (String n : needles) {
            assertTrue(r.err().contains(n), "stderr should mention '" + n + "': " + r.err());
        }
        assertFalse(r.err().contains("\tat "), "no stack trace without --verbose: " + r.err());
    }

    private Path state() {
        Path p = SharedFiles.resolve("actionclip.fixtures", "fixtures/model").resolve("tiny-clip-openai-state.pt");
        assumeTrue(Files.exists(p) || SharedFiles.inCi(), "fixture absent: " + p);
        return p;
    }

    private Path image() throws Exception {
        Path png = tmp.resolve("x.png");
        javax.imageio.ImageIO.write(new java.awt.image.BufferedImage(40, 30, java.awt.image.BufferedImage.TYPE_INT_RGB),
                "png", png.toFile());
        return png;
    }

    @Test
    void misShapedAndMissingTensorsAreNamed() throws Exception {
        Map<String, TensorData> sd = new LinkedHashMap<>(ModelWeights.read(state()).clip());
        TensorData proj = sd.get("visual.proj");
        long[] s = proj.shape();
        sd.put("visual.proj", TensorData.contiguous("visual.proj", DType.F32, new long[] {s[0], s[1] + 1},
                ByteBuffer.allocate((int) (s[0] * (s[1] + 1) * 4))));
        sd.remove("ln_final.bias");
        Path bad = tmp.resolve("bad.safetensors");
        SafeTensors.write(bad, sd, Map.of());
        Run r = run("embed-image", "--model", bad.toString(), image().toString());
        assertCleanFailure(r, "visual.proj", "ln_final.bias");
        Run verbose = run("--verbose", "embed-image", "--model", bad.toString(), image().toString());
        assertTrue(verbose.err().contains("\tat "), "--verbose prints the stack trace");
    }

    @Test
    void truncatedCheckpoint() throws Exception {
        byte[] all = Files.readAllBytes(state());
        Path half = tmp.resolve("half.pt");
        Files.write(half, java.util.Arrays.copyOf(all, all.length / 2));
        assertCleanFailure(run("info", "--model", half.toString()), half.toString());
        assertCleanFailure(run("embed-image", "--model", half.toString(), image().toString()), half.toString());
    }

    @Test
    void aPickleThatAsksForOsSystemIsRefused() throws Exception {
        // protocol 2: GLOBAL 'os system', the argument tuple ('echo pwned',), REDUCE, STOP
        ByteArrayOutputStream pkl = new ByteArrayOutputStream();
        pkl.write(new byte[] {(byte) 0x80, 2});
        pkl.write("cos\nsystem\n".getBytes(StandardCharsets.US_ASCII));
        byte[] arg = "echo pwned".getBytes(StandardCharsets.US_ASCII);
        pkl.write('X');
        pkl.write(new byte[] {(byte) arg.length, 0, 0, 0});
        pkl.write(arg);
        pkl.write(new byte[] {(byte) 0x85, 'R', '.'});
        Path evil = tmp.resolve("evil.pt");
        try (ZipOutputStream z = new ZipOutputStream(Files.newOutputStream(evil))) {
            z.putNextEntry(new ZipEntry("evil/data.pkl"));
            z.write(pkl.toByteArray());
            z.closeEntry();
            z.putNextEntry(new ZipEntry("evil/version"));
            z.write("3\n".getBytes(StandardCharsets.US_ASCII));
            z.closeEntry();
        }
        assertCleanFailure(run("info", "--model", evil.toString()), "os.system", "refusing");
    }

    @Test
    void aFolderWithoutWeightsAndAMissingPath() {
        assertCleanFailure(run("info", "--model", tmp.toString()), tmp.toString());
        assertCleanFailure(run("info", "--model", tmp.resolve("nope.pt").toString()), "nope.pt");
        Run r = run("info");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("--model"), r.err());
    }
}
