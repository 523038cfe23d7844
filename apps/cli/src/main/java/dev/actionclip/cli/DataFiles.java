package dev.actionclip.cli;

import dev.actionclip.datasets.ActionClipLists;
import dev.actionclip.datasets.Dataset;
import dev.actionclip.datasets.KineticsAnnotations;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Opens the annotation files the {@code train} and {@code eval} commands take: a Kinetics-style CSV
 * ({@code *.csv}) or an ActionCLIP / mmaction list (video list {@code <path> <label>} or frame list
 * {@code <dir> <frames> <label>}, told apart by whether the first entry names a folder).
 */
final class DataFiles {
    private DataFiles() {
    }

    /**
     * @param root   folder the entries are relative to (null: the annotation file's folder)
     * @param labels {@code id,name} label file (null: Kinetics sorts the names; lists use the ids as names)
     */
    static Dataset load(Path file, Path root, Path labels, boolean skipMissing) {
        if (!Files.isRegularFile(file)) {
            throw new UserInputException(file + ": no such annotation file");
        }
        if (labels != null && !Files.isRegularFile(labels)) {
            throw new UserInputException(labels + ": no such label file");
        }
        Path base = root != null ? root : file.toAbsolutePath().getParent();
        Dataset d;
        if (file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".csv")) {
            KineticsAnnotations k = KineticsAnnotations.builder(file, base).skipMissing(skipMissing);
            if (labels != null) {
                k.labels(labels);
            }
            d = k.load();
        } else {
            ActionClipLists l = (isFrameList(file, base) ? ActionClipLists.frames(file) : ActionClipLists.videos(file))
                    .root(base).skipMissing(skipMissing);
            if (labels != null) {
                l.labels(labels);
            }
            d = l.load();
        }
        if (d.size() == 0) {
            throw new UserInputException(file + ": no usable samples");
        }
        return d;
    }

    /** True when the first entry is {@code <existing folder> <int> <int>}. */
    private static boolean isFrameList(Path list, Path root) {
        List<String> lines;
        try {
            lines = Files.readAllLines(list, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(list + ": " + e.getMessage(), e);
        }
        for (String line : lines) {
            String s = line.strip();
            if (s.isEmpty() || s.startsWith("#")) {
                continue;
            }
            String[] t = s.split("\\s+");
            if (t.length < 3 || !t[t.length - 1].matches("-?\\d+") || !t[t.length - 2].matches("\\d+")) {
                return false;
            }
            String path = s.replaceFirst("\\s+\\d+\\s+-?\\d+$", "");
            Path p = Path.of(path);
            return Files.isDirectory(p.isAbsolute() ? p : root.resolve(p));
        }
        return false;
    }
}
