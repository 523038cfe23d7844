package dev.actionclip.datasets;

import java.util.List;

/**
 * An annotation file or the files it names are wrong. Extends {@link IllegalArgumentException} so the CLI
 * reports it as bad input (exit code 2). {@link #problems()} lists every {@code file:line: message}.
 */
public class DatasetException extends IllegalArgumentException {
    /** How many problems the message spells out; the rest are counted. */
    public static final int SHOWN = 20;

    private final List<String> problems;

    public DatasetException(String message) {
        super(message);
        this.problems = List.of(message);
    }

    public DatasetException(String message, Throwable cause) {
        super(message, cause);
        this.problems = List.of(message);
    }

    public DatasetException(String summary, List<String> problems) {
        super(format(summary, problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }

    static String format(String summary, List<String> problems) {
        StringBuilder sb = new StringBuilder(summary);
        int n = Math.min(SHOWN, problems.size());
        for (int i = 0; i < n; i++) {
            sb.append("\n  ").append(problems.get(i));
        }
        if (problems.size() > n) {
            sb.append("\n  ... and ").append(problems.size() - n).append(" more");
        }
        return sb.toString();
    }
}
