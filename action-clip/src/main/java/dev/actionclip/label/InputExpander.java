package dev.actionclip.label;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Turns command-line inputs into an ordered list of videos: files as given, directories recursively (video
 * extensions only, sorted), glob patterns ({@code clips/*.mp4}, {@code data/**.webm}), {@code @list.txt} files
 * (one input per line, relative to the list's folder, {@code #} comments) and URLs (kept as they are).
 * Duplicates are dropped, first occurrence wins. A non-existent plain path is kept: it becomes an error row,
 * not a crash.
 */
public final class InputExpander {
    public static final Set<String> VIDEO_EXTENSIONS = Set.of(
            "mp4", "m4v", "mkv", "webm", "avi", "mov", "mpg", "mpeg", "ts", "mts", "flv", "wmv", "ogv", "3gp", "gif");

    private InputExpander() {
    }

    public static boolean isVideoFile(Path p) {
        String n = p.getFileName().toString();
        int dot = n.lastIndexOf('.');
        return dot > 0 && VIDEO_EXTENSIONS.contains(n.substring(dot + 1).toLowerCase(Locale.ROOT));
    }

    public static boolean isUrl(String s) {
        return s.matches("^[a-zA-Z][a-zA-Z0-9+.-]*://.*");
    }

    /** Expands inputs; {@code @list} files that cannot be read are errors naming the file. */
    public static List<String> expand(List<String> inputs) throws IOException {
        Set<String> out = new LinkedHashSet<>();
        for (String in : inputs) {
            expandOne(in, Paths.get(""), out, 0);
        }
        return new ArrayList<>(out);
    }

    private static void expandOne(String in, Path base, Set<String> out, int depth) throws IOException {
        if (in.isBlank()) {
            return;
        }
        if (isUrl(in)) {
            out.add(in);
            return;
        }
        if (in.startsWith("@")) {
            if (depth > 8) {
                throw new IOException(in + ": @list files nested too deeply");
            }
            Path list = base.resolve(in.substring(1));
            if (!Files.isRegularFile(list)) {
                throw new IOException(list + ": list file not found");
            }
            List<String> lines = Files.readAllLines(list, StandardCharsets.UTF_8);
            Path listDir = list.toAbsolutePath().getParent();
            for (String line : lines) {
                String t = line.strip();
                if (!t.isEmpty() && !t.startsWith("#")) {
                    expandOne(t, listDir, out, depth + 1);
                }
            }
            return;
        }
        if (containsGlob(in)) {
            out.addAll(glob(base, in));
            return;
        }
        Path p = base.resolve(in);
        if (Files.isDirectory(p)) {
            try (Stream<Path> s = Files.walk(p)) {
                s.filter(Files::isRegularFile).filter(InputExpander::isVideoFile).map(Path::toString).sorted()
                        .forEach(out::add);
            }
            return;
        }
        out.add(base.toString().isEmpty() ? in : p.toString());
    }

    private static boolean containsGlob(String s) {
        return s.indexOf('*') >= 0 || s.indexOf('?') >= 0 || s.indexOf('[') >= 0 || s.indexOf('{') >= 0;
    }

    /** Files matching a glob; the walk starts at the longest prefix without wildcards. */
    private static List<String> glob(Path base, String pattern) throws IOException {
        String[] parts = pattern.split("/", -1);
        StringBuilder fixed = new StringBuilder();
        int k = 0;
        for (; k < parts.length - 1 && !containsGlob(parts[k]); k++) {
            fixed.append(parts[k]).append('/');
        }
        Path root = base.resolve(fixed.length() == 0 ? "." : fixed.toString());
        if (pattern.startsWith("/")) {
            root = Paths.get(fixed.toString());
        }
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        String rest = String.join("/", java.util.Arrays.copyOfRange(parts, k, parts.length));
        PathMatcher m = FileSystems.getDefault().getPathMatcher("glob:" + rest);
        List<String> found = new ArrayList<>();
        Path r = root;
        try (Stream<Path> s = Files.walk(root)) {
            s.filter(Files::isRegularFile).filter(f -> m.matches(r.relativize(f))).map(f -> {
                Path shown = fixedPrefixPath(fixed.toString(), r.relativize(f));
                return base.toString().isEmpty() ? shown.toString() : base.resolve(shown).toString();
            }).sorted().forEach(found::add);
        }
        return found;
    }

    private static Path fixedPrefixPath(String fixed, Path rel) {
        return fixed.isEmpty() ? rel : Paths.get(fixed).resolve(rel);
    }
}
