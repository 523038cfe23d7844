package dev.actionclip.prompts;

import dev.actionclip.formats.Csv;
import dev.actionclip.formats.TextFiles;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Class names indexed 0..n-1, from an {@code id,name} CSV, a text file, or an inline list: the project's one
 * label-file reader (the dataset loaders use it too).
 */
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
        Path p;
        try {
            p = Path.of(spec);
        } catch (InvalidPathException e) { // e.g. a NUL character: not a file name, so a list
            return inline(spec);
        }
        return Files.isRegularFile(p) ? load(p) : inline(spec);
    }

    /**
     * "riding a bike, playing guitar": comma-separated, each name trimmed; a name holding a comma is quoted
     * ({@code "cooking, baking", swimming}), as in a CSV line.
     */
    public static LabelSet inline(String list) {
        String source = "label list \"" + list + "\"";
        List<String> names;
        try {
            names = Csv.split(list);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(source + ": " + e.getMessage(), e);
        }
        return checked(names, source, null);
    }

    /** One label per line (UTF-8); blank lines are skipped, the line numbers in errors are the file's. */
    public static LabelSet fromTextFile(Path file) throws IOException {
        List<String> lines = TextFiles.readLines(file); // bytes that are not UTF-8: file:line
        List<String> names = new ArrayList<>();
        List<Integer> lineNos = new ArrayList<>();
        for (int k = 0; k < lines.size(); k++) {
            String s = lines.get(k);
            s = (k == 0 && s.startsWith("\ufeff") ? s.substring(1) : s).strip();
            if (!s.isEmpty()) {
                names.add(s);
                lineNos.add(k + 1);
            }
        }
        return checked(names, file.toString(), lineNos);
    }

    /**
     * An {@code id,name} CSV (UTF-8, the project's {@link Csv} dialect), as ActionCLIP and the Kinetics, UCF and
     * HMDB label files have it. A first row whose id is not a number is a header. Ids must be 0..n-1, in any
     * order. A name holding a comma must be quoted: a third field is an error rather than a silently cut name.
     * Errors name {@code file:line}.
     */
    public static LabelSet fromCsv(Path file) throws IOException {
        TreeMap<Integer, String> byId = new TreeMap<>();
        Map<Integer, Integer> lineOfId = new HashMap<>();
        boolean first = true;
        try (Csv.Records records = Csv.open(file)) {
            for (Csv.Row row = records.next(); row != null; row = records.next()) {
                String where = file + ":" + row.line();
                boolean header = first;
                first = false;
                Integer id = parseId(row.get(0));
                if (id == null && header) {
                    continue; // a header such as "id,name"
                }
                if (row.size() != 2) {
                    throw new IllegalArgumentException(where + ": expected 'id,name', got " + row.size() + " field"
                            + (row.size() == 1 ? "" : "s")
                            + (row.size() > 2 ? " (quote a name that holds a comma)" : ""));
                }
                if (id == null) {
                    throw new IllegalArgumentException(where + ": label id '" + row.get(0) + "' is not an integer");
                }
                if (id < 0) {
                    throw new IllegalArgumentException(where + ": negative label id " + id);
                }
                Integer previous = lineOfId.put(id, row.line());
                if (previous != null) {
                    throw new IllegalArgumentException(where + ": label id " + id + " appears twice (also on line "
                            + previous + ")");
                }
                byId.put(id, row.get(1));
            }
        }
        if (byId.isEmpty()) {
            throw new IllegalArgumentException(file + ": no labels (expected lines 'id,name')");
        }
        if (byId.lastKey() != byId.size() - 1) {
            List<Integer> missing = new ArrayList<>();
            for (int id = 0; id <= byId.lastKey() && missing.size() < 10; id++) {
                if (!byId.containsKey(id)) {
                    missing.add(id);
                }
            }
            throw new IllegalArgumentException(file + ": label ids must be 0.." + (byId.size() - 1) + "; missing ids "
                    + missing + " (line " + lineOfId.get(byId.lastKey()) + " has id " + byId.lastKey() + ")");
        }
        List<Integer> lineNos = new ArrayList<>();
        for (int id = 0; id < byId.size(); id++) {
            lineNos.add(lineOfId.get(id));
        }
        return checked(new ArrayList<>(byId.values()), file.toString(), lineNos);
    }

    private static Integer parseId(String s) {
        try {
            return Integer.parseInt(s);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** Writes the {@code id,name} CSV {@link #fromCsv} reads, with a header row. */
    public void writeCsv(Path file) throws IOException {
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8); Csv.Printer p = Csv.printer(w)) {
            p.row("id", "name");
            for (int id = 0; id < names.size(); id++) {
                p.row(id, names.get(id));
            }
        }
    }

    private static LabelSet checked(List<String> names, String source, List<Integer> lineNos) {
        if (names.isEmpty()) {
            throw new IllegalArgumentException(source + ": no labels");
        }
        Map<String, Integer> seen = new HashMap<>();
        for (int k = 0; k < names.size(); k++) {
            String where = lineNos == null ? source + " item " + (k + 1) : source + ":" + lineNos.get(k);
            String n = names.get(k);
            if (n.isEmpty()) {
                throw new IllegalArgumentException(where + ": empty label");
            }
            // CSV lets a quoted field run over lines; in a label that is a quote left open, never a real name
            if (n.indexOf('\n') >= 0 || n.indexOf('\r') >= 0) {
                throw new IllegalArgumentException(where + ": label \"" + n.lines().findFirst().orElse("")
                        + "...\" holds a line break (a quote left open?)");
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
