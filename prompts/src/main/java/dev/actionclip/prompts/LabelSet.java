package dev.actionclip.prompts;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Class names indexed 0..n-1, from an {@code id,name} CSV, a text file, or an inline list. */
public final class LabelSet {
    private final List<String> names;
    private final Map<String, Integer> index;
    private final String source;

    private LabelSet(List<String> names, String source) {
        this.names = List.copyOf(names);
        this.source = source;
        this.index = new HashMap<>(names.size() * 2);
        for (int k = 0; k < names.size(); k++) {
            index.putIfAbsent(names.get(k), k);
        }
    }

    /** Labels in the given order (ids = positions). Empty or repeated names are errors. */
    public static LabelSet of(List<String> names) {
        return checked(names, "label list", null);
    }

    /** {@code .csv} files as {@link #fromCsv}, anything else as {@link #fromTextFile}. */
    public static LabelSet load(Path file) throws IOException {
        return file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".csv")
                ? fromCsv(file) : fromTextFile(file);
    }

    /** An existing file ({@link #load}), else an inline comma-separated list ({@link #inline}). */
    public static LabelSet parse(String spec) throws IOException {
        Path p = Path.of(spec);
        return Files.isRegularFile(p) ? load(p) : inline(spec);
    }

    /** "riding a bike, playing guitar": comma-separated, each name trimmed. */
    public static LabelSet inline(String list) {
        List<String> names = new ArrayList<>();
        for (String s : list.split(",", -1)) {
            names.add(s.strip());
        }
        return checked(names, "label list \"" + list + "\"", null);
    }

    /** One label per line (UTF-8); blank lines are skipped, the line numbers in errors are the file's. */
    public static LabelSet fromTextFile(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        List<String> names = new ArrayList<>();
        List<Integer> lineNos = new ArrayList<>();
        for (int k = 0; k < lines.size(); k++) {
            String s = stripBom(lines.get(k), k).strip();
            if (!s.isEmpty()) {
                names.add(s);
                lineNos.add(k + 1);
            }
        }
        return checked(names, file.toString(), lineNos);
    }

    /**
     * An {@code id,name} CSV (UTF-8). A first line whose id is not a number is a header. Ids must be
     * 0..n-1, in any order; a name may be double-quoted (with {@code ""} for a quote) and may contain commas.
     */
    public static LabelSet fromCsv(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        Map<Integer, String> byId = new HashMap<>();
        Map<Integer, Integer> lineOfId = new HashMap<>();
        for (int k = 0; k < lines.size(); k++) {
            String line = stripBom(lines.get(k), k).strip();
            if (line.isEmpty()) {
                continue;
            }
            String where = file + " line " + (k + 1);
            int comma = line.indexOf(',');
            if (comma < 0) {
                throw new IllegalArgumentException(where + ": expected \"id,name\", got \"" + line + "\"");
            }
            String idText = line.substring(0, comma).strip();
            int id;
            try {
                id = Integer.parseInt(idText);
            } catch (NumberFormatException e) {
                if (byId.isEmpty() && lineOfId.isEmpty()) {
                    continue; // header
                }
                throw new IllegalArgumentException(where + ": id \"" + idText + "\" is not a number");
            }
            if (id < 0) {
                throw new IllegalArgumentException(where + ": negative id " + id);
            }
            Integer previous = lineOfId.put(id, k + 1);
            if (previous != null) {
                throw new IllegalArgumentException(where + ": id " + id + " repeats line " + previous);
            }
            byId.put(id, unquote(line.substring(comma + 1).strip(), where));
        }
        List<String> names = new ArrayList<>();
        List<Integer> lineNos = new ArrayList<>();
        for (int id = 0; id < byId.size(); id++) {
            String name = byId.get(id);
            if (name == null) {
                int max = byId.keySet().stream().mapToInt(Integer::intValue).max().orElse(0);
                throw new IllegalArgumentException(file + ": ids must be 0.." + (byId.size() - 1) + " but id "
                        + id + " is missing (line " + lineOfId.get(max) + " has id " + max + ")");
            }
            names.add(name);
            lineNos.add(lineOfId.get(id));
        }
        return checked(names, file.toString(), lineNos);
    }

    private static String stripBom(String line, int lineIndex) {
        return lineIndex == 0 && line.startsWith("\ufeff") ? line.substring(1) : line;
    }

    private static String unquote(String s, String where) {
        if (!s.startsWith("\"")) {
            return s;
        }
        if (s.length() < 2 || !s.endsWith("\"")) {
            throw new IllegalArgumentException(where + ": unterminated quoted name " + s);
        }
        return s.substring(1, s.length() - 1).replace("\"\"", "\"");
    }

    private static LabelSet checked(List<String> names, String source, List<Integer> lineNos) {
        if (names.isEmpty()) {
            throw new IllegalArgumentException(source + ": no labels");
        }
        Map<String, Integer> seen = new HashMap<>();
        for (int k = 0; k < names.size(); k++) {
            String where = lineNos == null ? source + " item " + (k + 1) : source + " line " + lineNos.get(k);
            String n = names.get(k);
            if (n.isEmpty()) {
                throw new IllegalArgumentException(where + ": empty label");
            }
            Integer first = seen.putIfAbsent(n, k);
            if (first != null) {
                String other = lineNos == null ? "item " + (first + 1) : "line " + lineNos.get(first);
                throw new IllegalArgumentException(where + ": label \"" + n + "\" repeats " + other);
            }
        }
        return new LabelSet(names, source);
    }

    /**
     * The same labels as lower-case words: CamelCase split ({@code ApplyEyeMakeup} → {@code apply eye
     * makeup}, {@code YoYo} → {@code yo yo}, {@code TVShow} → {@code tv show}), underscores as spaces,
     * digits kept with the word before them ({@code Mp3Player} → {@code mp3 player}).
     */
    public LabelSet splitCamelCase() {
        List<String> out = new ArrayList<>(names.size());
        for (String n : names) {
            out.add(splitCamelCase(n));
        }
        return checked(out, source + " (CamelCase split)", null);
    }

    static String splitCamelCase(String name) {
        String s = name.replace('_', ' ');
        StringBuilder b = new StringBuilder(s.length() + 8);
        for (int k = 0; k < s.length(); k++) {
            char c = s.charAt(k);
            if (k > 0 && Character.isUpperCase(c)) {
                char prev = s.charAt(k - 1);
                boolean nextLower = k + 1 < s.length() && Character.isLowerCase(s.charAt(k + 1));
                if (Character.isLowerCase(prev) || Character.isDigit(prev)
                        || (Character.isUpperCase(prev) && nextLower)) {
                    b.append(' ');
                }
            }
            b.append(c);
        }
        return String.join(" ", Arrays.asList(b.toString().strip().split("\\s+"))).toLowerCase(Locale.ROOT);
    }

    public List<String> names() {
        return names;
    }

    public String name(int id) {
        return names.get(id);
    }

    public int size() {
        return names.size();
    }

    /** The id of {@code name}: exact match first, then ignoring case and surrounding space; -1 if absent. */
    public int indexOf(String name) {
        Integer id = index.get(name);
        if (id != null) {
            return id;
        }
        String wanted = name.strip();
        for (int k = 0; k < names.size(); k++) {
            if (names.get(k).equalsIgnoreCase(wanted)) {
                return k;
            }
        }
        return -1;
    }

    /** Where the labels came from (file name or "label list ..."). */
    public String source() {
        return source;
    }

    @Override
    public String toString() {
        return "LabelSet[" + source + ", " + names.size() + " labels]";
    }
}
