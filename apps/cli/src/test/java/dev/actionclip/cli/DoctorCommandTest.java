package dev.actionclip.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.actionclip.cli.DoctorCommand.Check;
import dev.actionclip.cli.DoctorCommand.Status;
import dev.actionclip.formats.Json;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code doctor} on this machine, and its failure path with an injected failing check. */
class DoctorCommandTest {
    static final List<String> CHECKS = List.of("java", "os", "cpu", "threads", "libtorch", "cuda", "ffmpeg", "javacpp",
            "vocabulary", "openblas");

    @Test
    @SuppressWarnings("unchecked")
    void passesHereAndItsJsonHasEveryCheck() {
        CliRun r = CliRun.of("doctor", "--threads", "2", "--format", "json");
        assertEquals(0, r.code(), r.out() + r.err());
        Map<String, Object> j = Json.parseObject(r.out().strip());
        assertEquals("OK", j.get("status"));
        assertEquals(List.of(), j.get("failed"));
        Map<String, Object> checks = (Map<String, Object>) j.get("checks");
        assertEquals(CHECKS, List.copyOf(checks.keySet()));
        for (String name : CHECKS) {
            Map<String, Object> c = (Map<String, Object>) checks.get(name);
            assertTrue(List.of("OK", "WARN").contains(c.get("status")), name + ": " + c);
        }
        Map<String, Object> java = (Map<String, Object>) checks.get("java");
        assertEquals(System.getProperty("java.home"), java.get("home"));
        Map<String, Object> threads = (Map<String, Object>) checks.get("threads");
        assertEquals(2L, ((Number) threads.get("intra_op")).longValue());
        assertEquals("--threads", threads.get("intra_op_from"));
        assertEquals(2L, ((Number) threads.get("inter_op")).longValue());
        Map<String, Object> torch = (Map<String, Object>) checks.get("libtorch");
        assertTrue(((String) torch.get("version")).matches("\\d+\\.\\d+\\.\\d+.*"), torch.toString());
        assertEquals(2L, ((Number) torch.get("intra_op")).longValue(), "the threads in effect after loading");
        if (System.getProperty("os.name").startsWith("Linux")) {
            List<Object> natives = (List<Object>) torch.get("natives");
            assertTrue(natives.stream().anyMatch(p -> p.toString().endsWith("/libtorch_cpu.so")), natives.toString());
            assertTrue(natives.stream().allMatch(p -> p.toString().startsWith("/")), natives.toString());
            Map<String, Object> cpu = (Map<String, Object>) checks.get("cpu");
            assertTrue(((Map<String, Object>) cpu.get("features")).containsKey("avx512_bf16"), cpu.toString());
        }
        Map<String, Object> ffmpeg = (Map<String, Object>) checks.get("ffmpeg");
        assertTrue(((String) ffmpeg.get("version")).matches("\\d+\\.\\d+.*"), ffmpeg.toString());
        assertTrue(((String) ((Map<String, Object>) checks.get("javacpp")).get("cache")).length() > 1);
        assertTrue(((Map<String, Object>) checks.get("vocabulary")).containsKey("source"));
        Map<String, Object> blas = (Map<String, Object>) checks.get("openblas");
        String coretype = System.getenv("OPENBLAS_CORETYPE");
        assertEquals(coretype == null || coretype.isBlank() ? "OK" : "WARN", blas.get("status"));
    }

    @Test
    void textOutputListsEveryCheck() {
        CliRun r = CliRun.of("doctor");
        assertEquals(0, r.code(), r.out() + r.err());
        for (String name : CHECKS) {
            assertTrue(r.out().matches("(?s)(.*\n)?(OK|WARN) +" + name + "\n.*"), name + " in:\n" + r.out());
        }
        assertTrue(r.out().contains("all checks passed"), r.out());
        assertEquals("", r.err());
    }

    private static CliRun doctor(List<Check> checks, String... args) {
        CommandLine cl = new CommandLine(new DoctorCommand(checks));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        return new CliRun(cl.execute(args), out.toString(), err.toString());
    }

    @Test
    @SuppressWarnings("unchecked")
    void aNativeLibraryThatDoesNotLoadFailsItsCheckAndExitsOne() {
        List<Check> checks = List.of(
                Check.of("java", DoctorCommand::java),
                Check.of("ffmpeg", d -> {
                    throw new UnsatisfiedLinkError("no jniavutil in java.library.path: /nowhere");
                }),
                Check.of("libtorch", d -> {
                    throw new ExceptionInInitializerError(new IllegalStateException("cannot load bundled libc10.so"));
                }),
                new Check("cuda", "libtorch", d -> {
                    throw new AssertionError("must not run: libtorch failed");
                }),
                Check.of("openblas", d -> {
                    d.put("OPENBLAS_CORETYPE", "Haswell");
                    return Status.WARN;
                }));
        CliRun r = doctor(checks);
        assertEquals(1, r.code(), r.out() + r.err());
        assertTrue(r.out().contains("FAIL  ffmpeg\n"), r.out());
        assertTrue(r.out().contains("UnsatisfiedLinkError: no jniavutil in java.library.path"), r.out());
        assertTrue(r.out().contains("FAIL  libtorch\n"), r.out());
        assertTrue(r.out().contains("cannot load bundled libc10.so"), r.out());
        assertTrue(r.out().contains("SKIP  cuda\n      reason: libtorch failed\n"), r.out());
        assertTrue(r.out().contains("OK    java\n") && r.out().contains("WARN  openblas\n"), "the others still run");
        assertTrue(r.out().contains("FAILED: ffmpeg, libtorch"), r.out());
        assertTrue(r.err().contains("error: doctor: ffmpeg failed: UnsatisfiedLinkError: no jniavutil"), r.err());
        assertTrue(r.err().contains("error: doctor: libtorch failed:"), r.err());

        CliRun json = doctor(checks, "--format", "json");
        assertEquals(1, json.code());
        Map<String, Object> j = Json.parseObject(json.out().strip());
        assertEquals("FAIL", j.get("status"));
        assertEquals(List.of("ffmpeg", "libtorch"), j.get("failed"));
        assertEquals(List.of("openblas"), j.get("warnings"));
        Map<String, Object> c = (Map<String, Object>) j.get("checks");
        assertEquals("SKIP", ((Map<String, Object>) c.get("cuda")).get("status"));
        assertEquals("OK", ((Map<String, Object>) c.get("java")).get("status"));
    }

    @Test
    void warningsAloneExitZero() {
        CliRun r = doctor(List.of(Check.of("vocabulary", d -> Status.WARN)));
        assertEquals(0, r.code());
        assertTrue(r.out().contains("all checks passed (warnings: vocabulary)"), r.out());
        assertFalse(r.err().contains("error"), r.err());
    }
}
