package dev.actionclip.cli;

import java.io.FileNotFoundException;
import java.io.UncheckedIOException;
import java.nio.file.NoSuchFileException;
import picocli.CommandLine;

/**
 * Turns exceptions into one readable {@code error: ...} line and an exit code; the stack trace only with
 * {@code --verbose}. Bad input (files, checkpoints, videos, arguments) is exit 2; anything else exit 1.
 */
final class ErrorHandler implements CommandLine.IExecutionExceptionHandler {
    @Override
    public int handleExecutionException(Exception ex, CommandLine cl, CommandLine.ParseResult parsed) {
        boolean verbose = parsed != null && parsed.hasMatchedOption("--verbose");
        for (CommandLine.ParseResult p = parsed; p != null && !verbose; p = p.subcommand()) {
            verbose = p.hasMatchedOption("--verbose");
        }
        cl.getErr().println("error: " + message(ex));
        if (verbose) {
            ex.printStackTrace(cl.getErr());
        }
        cl.getErr().flush();
        return exitCode(ex);
    }

    static String message(Throwable ex) {
        String m = ex.getMessage();
        if (ex instanceof NoSuchFileException) {
            return m + ": no such file";
        }
        return m == null || m.isBlank() ? ex.getClass().getSimpleName() : m;
    }

    static int exitCode(Throwable ex) {
        if (ex instanceof UserInputException || ex instanceof IllegalArgumentException
                || ex instanceof java.io.IOException || ex instanceof UncheckedIOException
                || ex instanceof FileNotFoundException || ex instanceof CommandLine.ParameterException
                || ex instanceof dev.actionclip.formats.CheckpointFormatException) {
            return Main.EXIT_USAGE;
        }
        return Main.EXIT_INTERNAL;
    }
}
