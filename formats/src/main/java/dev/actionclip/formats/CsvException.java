package dev.actionclip.formats;

/**
 * A CSV record that cannot be read (bad quoting). The message is {@code file:line: problem}, the line being the
 * one the record starts on. An {@link IllegalArgumentException}: the input is wrong, not the program.
 */
public final class CsvException extends IllegalArgumentException {
    private final String source;
    private final int line;
    private final String problem;

    public CsvException(String source, int line, String problem, Throwable cause) {
        super((source.isEmpty() ? "line " + line : source + ":" + line) + ": " + problem, cause);
        this.source = source;
        this.line = line;
        this.problem = problem;
    }

    /** The file (empty for text not from a file). */
    public String source() {
        return source;
    }

    /** The line the bad record starts on (1-based). */
    public int line() {
        return line;
    }

    /** What is wrong, without the location. */
    public String problem() {
        return problem;
    }
}
