package dev.actionclip.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The CLI binds the libraries' slf4j logging to stderr: WARN and above, one short line (simplelogger.properties). */
class LoggingTest {
    @Test
    void libraryWarningsAreShortLinesOnStderr() {
        Logger log = LoggerFactory.getLogger("dev.actionclip.zeroshot.TextEmbeddingCache");
        assertEquals("org.slf4j.simple.SimpleLoggerFactory", LoggerFactory.getILoggerFactory().getClass().getName());
        assertFalse(log.isInfoEnabled(), "INFO must not reach the CLI's stderr");
        PrintStream oldErr = System.err;
        PrintStream oldOut = System.out;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            log.info("not shown");
            log.warn("cannot write text embedding cache {}: {}", "/x.safetensors", "read-only");
        } finally {
            System.setErr(oldErr);
            System.setOut(oldOut);
        }
        assertEquals("WARN cannot write text embedding cache /x.safetensors: read-only" + System.lineSeparator(),
                err.toString(StandardCharsets.UTF_8));
        assertEquals("", out.toString(StandardCharsets.UTF_8));
    }
}
