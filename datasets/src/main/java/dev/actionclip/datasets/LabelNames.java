package dev.actionclip.datasets;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Class names indexed by id, as in the {@code id,name} label CSVs of ActionCLIP and the Kinetics/UCF/HMDB
 * label files (a header row is optional; ids must be exactly 0..n-1 in any order).
 */
public final class LabelNames {
    private final List<String> names;
    private final Map<String, Integer> ids = new HashMap<>();

    public LabelNames(List<String> names) {
        this.names = List.copyOf(names);
        for (int i = 0; i < this.names.size(); i++) {
            Integer prev = ids.put(this.names.get(i), i);
            if (prev != null) {
                throw new DatasetException("label name '" + this.names.get(i) + "' has two ids: " + prev + " and " + i);
            }
        }
    }

    /** Sorted unique names: the ids when no label file is given. */
    public static LabelNames sorted(Collection<String> names) {
        return new LabelNames(new ArrayList<>(new TreeSet<>(names)));
    }

    public static LabelNames read(Path csv) {
        String file = csv.toString();
        TreeMap<Integer, String> byId = new TreeMap<>();
        Problems problems = new Problems();
        try (BufferedReader r = Files.newBufferedReader(csv, StandardCharsets.UTF_8)) {
            String line;
            int no = 0;
            boolean first = true;
            while ((line = r.readLine()) != null) {
                no++;
                line = no == 1 ? stripBom(line) : line;
                if (line.isBlank()) {
                    continue;
                }
                String where = file + ":" + no;
                boolean header = first;
                first = false;
                List<String> f = Csv.split(line, where);
                if (f.size() < 2) {
                    problems.error(where, "expected 'id,name', got '" + line + "'");
                    continue;
                }
                int id;
                try {
                    id = Integer.parseInt(f.get(0));
                } catch (NumberFormatException e) {
                    if (header) {
                        continue; // header row such as "id,name"
                    }
                    problems.error(where, "label id '" + f.get(0) + "' is not an integer");
                    continue;
                }
                String name = f.get(1);
                if (id < 0) {
                    problems.error(where, "negative label id " + id);
                } else if (name.isEmpty()) {
                    problems.error(where, "empty label name");
                } else if (byId.containsKey(id)) {
                    problems.error(where, "label id " + id + " appears twice");
                } else {
                    byId.put(id, name);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read label file " + file + ": " + e.getMessage(), e);
        }
        problems.throwIfAny(file, false);
        if (byId.isEmpty()) {
            throw new DatasetException(file + ": no labels (expected lines 'id,name')");
        }
        if (byId.lastKey() != byId.size() - 1) {
            List<Integer> gaps = new ArrayList<>();
            for (int i = 0; i <= byId.lastKey() && gaps.size() < 10; i++) {
                if (!byId.containsKey(i)) {
                    gaps.add(i);
                }
            }
            throw new DatasetException(file + ": label ids must be 0.." + (byId.size() - 1) + "; missing ids " + gaps);
        }
        try {
            return new LabelNames(new ArrayList<>(byId.values()));
        } catch (DatasetException e) {
            throw new DatasetException(file + ": " + e.getMessage());
        }
    }

    private static String stripBom(String s) {
        return !s.isEmpty() && s.charAt(0) == '\uFEFF' ? s.substring(1) : s;
    }

    /** Writes {@code id,name} with a header row. */
    public void write(Path csv) throws IOException {
        try (Writer w = Files.newBufferedWriter(csv, StandardCharsets.UTF_8)) {
            w.write("id,name\n");
            for (int i = 0; i < names.size(); i++) {
                w.write(i + "," + Csv.quote(names.get(i)) + "\n");
            }
        }
    }

    public int size() {
        return names.size();
    }

    public String name(int id) {
        return names.get(id);
    }

    /** The id of {@code name}, or -1. */
    public int id(String name) {
        Integer i = ids.get(name);
        return i == null ? -1 : i;
    }

    public List<String> names() {
        return names;
    }
}
