package dev.actionclip.datasets;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The video files under a root folder (a few levels deep), by file name without extension. One directory walk
 * serves a whole annotation file, instead of probing each candidate path and extension per row.
 */
final class VideoIndex {
    static final Set<String> EXTENSIONS = Set.of("mp4", "mkv", "webm", "avi", "mov");
    /** {@code <root>/<split>/<label>/<file>} is the deepest layout we look for. */
    static final int MAX_DEPTH = 3;

    private final Path root;
    private final Map<String, List<Path>> byStem = new HashMap<>();

    VideoIndex(Path root) {
        this.root = root;
        if (!Files.isDirectory(root)) {
            throw new DatasetException("video root " + root + " is not a directory");
        }
        try (Stream<Path> s = Files.walk(root, MAX_DEPTH)) {
            s.forEach(p -> {
                String name = p.getFileName().toString();
                int dot = name.lastIndexOf('.');
                if (dot > 0 && EXTENSIONS.contains(name.substring(dot + 1).toLowerCase(Locale.ROOT))
                        && !Files.isDirectory(p)) {
                    byStem.computeIfAbsent(name.substring(0, dot), k -> new ArrayList<>(1)).add(p);
                }
            });
        } catch (IOException | UncheckedIOException e) {
            throw new DatasetException("cannot list videos under " + root + ": " + e.getMessage(), e);
        }
        byStem.values().forEach(l -> l.sort(null));
    }

    /**
     * The file named {@code stem.<ext>}, preferring one inside {@code <root>/<split>/<label>} (label spelt as is
     * or with underscores for spaces), then one directly in the root, then the first in path order; null if none.
     */
    Path find(String stem, String split, String label) {
        List<Path> c = byStem.get(stem);
        if (c == null) {
            return null;
        }
        if (c.size() == 1) {
            return c.get(0);
        }
        if (split != null && label != null) {
            for (Path p : c) {
                // compared by name rather than by resolving split and label: text from a CSV need not be a valid path
                Path dir = p.getParent();
                Path splitDir = dir.getParent();
                if (splitDir != null && root.equals(splitDir.getParent()) && splitDir.getFileName().toString().equals(split)
                        && (dir.getFileName().toString().equals(label)
                            || dir.getFileName().toString().equals(label.replace(' ', '_')))) {
                    return p;
                }
            }
        }
        for (Path p : c) {
            if (p.getParent().equals(root)) {
                return p;
            }
        }
        return c.get(0);
    }

    int size() {
        return byStem.size();
    }
}
