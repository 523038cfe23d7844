package dev.actionclip.datasets;

import java.util.ArrayList;
import java.util.List;

/** Collects every bad entry of a load so that one exception (or one skip count) reports them all. */
final class Problems {
    private final List<String> fatal = new ArrayList<>();
    private final List<String> missing = new ArrayList<>();

    /** A malformed entry: always an error. */
    void error(String where, String message) {
        fatal.add(where + ": " + message);
    }

    /** A missing or unreadable file: an error unless the caller skips missing entries. */
    void missing(String where, String message) {
        missing.add(where + ": " + message);
    }

    int missingCount() {
        return missing.size();
    }

    List<String> missingList() {
        return List.copyOf(missing);
    }

    /** Throws when there are errors, or missing files that are not to be skipped. */
    void throwIfAny(String file, boolean skipMissing) {
        List<String> all = new ArrayList<>(fatal);
        if (!skipMissing) {
            all.addAll(missing);
        }
        if (all.isEmpty()) {
            return;
        }
        String what = fatal.isEmpty() ? "missing or unreadable" : "bad";
        throw new DatasetException(all.size() + " " + what + " entr" + (all.size() == 1 ? "y" : "ies")
                + " in " + file + (fatal.isEmpty() ? " (skipMissing=true carries on without them)" : "") + ":", all);
    }
}
