package dev.actionclip.datasets;

import java.util.List;

/** CSV records of annotation files, with errors that name the file and line. */
final class Csv {
    private Csv() {
    }

    /** @param where {@code file:line}, for the error message */
    static List<String> split(String line, String where) {
        try {
            return dev.actionclip.formats.Csv.split(line);
        } catch (IllegalArgumentException e) {
            throw new DatasetException(where + ": " + e.getMessage());
        }
    }

    static String quote(String s) {
        return dev.actionclip.formats.Csv.quote(s);
    }
}
