package dev.actionclip.datasets;

import dev.actionclip.formats.Csv;
import dev.actionclip.formats.CsvException;
import dev.actionclip.prompts.LabelSet;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Kinetics annotation CSVs ({@code label,youtube_id,time_start,time_end,split} with a header row; extra columns
 * are ignored) over a folder of videos. A row's video is, in this order:
 * <ol>
 *   <li>a trimmed clip {@code <youtube_id>_<start:06d>_<end:06d>.<ext>} in {@code <root>/<split>/<label>/} or
 *   directly in {@code <root>} (or anywhere up to three levels down) — the whole clip is the sample;</li>
 *   <li>an untrimmed video {@code <youtube_id>.<ext>} — sampled inside {@code [time_start, time_end]}.</li>
 * </ol>
 * Extensions: mp4, mkv, webm, avi, mov. Label ids come from an {@code id,name} label CSV when given, else
 * from the sorted unique label names of the annotation file.
 */
public final class KineticsAnnotations {
    private static final List<String> REQUIRED = List.of("label", "youtube_id", "time_start", "time_end");

    private final Path csv;
    private final Path videoRoot;
    private Path labelsCsv;
    private String split;
    private boolean skipMissing;

    private KineticsAnnotations(Path csv, Path videoRoot) {
        this.csv = csv;
        this.videoRoot = videoRoot;
    }

    /** Annotations {@code csv} whose videos live under {@code videoRoot}. */
    public static KineticsAnnotations builder(Path csv, Path videoRoot) {
        return new KineticsAnnotations(csv, videoRoot);
    }

    /** Map label names to ids with this {@code id,name} file (unknown names are errors). */
    public KineticsAnnotations labels(Path labelsCsv) {
        this.labelsCsv = labelsCsv;
        return this;
    }

    /** Keep only rows whose {@code split} column equals this (null: all rows). */
    public KineticsAnnotations split(String split) {
        this.split = split;
        return this;
    }

    /** Leave out rows whose video is missing or unreadable instead of failing; {@link Dataset#skipped()} counts them. */
    public KineticsAnnotations skipMissing(boolean skip) {
        this.skipMissing = skip;
        return this;
    }

    private record Row(int line, String label, String youtubeId, double start, double end, String split) {
    }

    public Dataset load() {
        String file = csv.toString();
        Problems problems = new Problems();
        List<Row> rows = readRows(file, problems);
        problems.throwIfAny(file, false);
        if (rows.isEmpty()) {
            throw new DatasetException(file + ": no entries" + (split != null ? " with split '" + split + "'" : ""));
        }
        LabelSet labels;
        try {
            labels = labelsCsv != null ? readLabels(labelsCsv)
                    : LabelSet.of(new ArrayList<>(new TreeSet<>(rows.stream().map(Row::label).toList())));
        } catch (DatasetException e) {
            throw e;
        } catch (IllegalArgumentException e) {
            throw new DatasetException(file + ": " + e.getMessage(), e);
        }
        VideoIndex index = new VideoIndex(videoRoot);
        List<VideoSample> samples = new ArrayList<>(rows.size());
        Set<String> seen = new HashSet<>();
        for (Row r : rows) {
            String where = file + ":" + r.line;
            int id = labelId(labels, r.label);
            if (id < 0) {
                problems.error(where, "label '" + r.label + "' is not in " + labelsCsv);
                continue;
            }
            String trimmed = String.format(Locale.ROOT, "%s_%06d_%06d", r.youtubeId, (long) r.start, (long) r.end);
            Path p = index.find(trimmed, r.split, r.label);
            Optional<VideoSample.TimeRange> range = Optional.empty();
            if (p == null) {
                p = index.find(r.youtubeId, r.split, r.label);
                range = Optional.of(new VideoSample.TimeRange(r.start, r.end));
            }
            if (p == null) {
                String dir = r.split != null ? r.split + "/" + r.label + "/" : "";
                problems.missing(where, "no video for youtube_id '" + r.youtubeId + "' (looked for " + videoRoot
                        + "/" + dir + trimmed + ".{mp4,mkv,webm,avi,mov}, flat or untrimmed " + r.youtubeId + ".<ext>)");
                continue;
            }
            String bad = unreadable(p);
            if (bad != null) {
                problems.missing(where, bad);
                continue;
            }
            if (!seen.add(p + "@" + range)) {
                continue; // duplicate row (the official CSVs have a few)
            }
            samples.add(new VideoSample(p, id, labels.name(id), range, Optional.empty(), where));
        }
        problems.throwIfAny(file, skipMissing);
        if (samples.isEmpty()) {
            throw new DatasetException(file + ": none of the " + rows.size() + " entries has a readable video under "
                    + videoRoot);
        }
        return new Dataset(samples, labels.names(), problems.missingCount());
    }

    /**
     * An {@code id,name} label file through the project's one reader ({@link LabelSet#fromCsv}), its errors as
     * {@link DatasetException} like the rest of a load's.
     */
    static LabelSet readLabels(Path file) {
        try {
            return LabelSet.fromCsv(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read label file " + file + ": " + e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            throw new DatasetException(e.getMessage(), e);
        }
    }

    /** Exact name first; then the spelling with underscores for spaces, case-insensitively. */
    static int labelId(LabelSet labels, String name) {
        int id = labels.indexOf(name);
        if (id >= 0) {
            return id;
        }
        String norm = normalise(name);
        for (int i = 0; i < labels.size(); i++) {
            if (normalise(labels.name(i)).equals(norm)) {
                return i;
            }
        }
        return -1;
    }

    private static String normalise(String s) {
        return s.replace('_', ' ').strip().toLowerCase(Locale.ROOT);
    }

    static String unreadable(Path p) {
        try {
            if (!Files.isRegularFile(p)) {
                return p + " is not a file";
            }
            if (!Files.isReadable(p)) {
                return p + " is not readable";
            }
            if (Files.size(p) == 0) {
                return p + " is empty";
            }
            return null;
        } catch (IOException e) {
            return p + " is unreadable: " + e.getMessage();
        }
    }

    private List<Row> readRows(String file, Problems problems) {
        List<Row> rows = new ArrayList<>();
        try (Csv.Records records = Csv.open(csv)) {
            Csv.Row head = records.next();
            if (head == null) {
                throw new DatasetException(file + ": empty file (expected a header 'label,youtube_id,time_start,time_end,split')");
            }
            List<String> header = head.fields();
            int[] col = new int[REQUIRED.size()];
            for (int i = 0; i < col.length; i++) {
                col[i] = header.indexOf(REQUIRED.get(i));
                if (col[i] < 0) {
                    throw new DatasetException(file + ":" + head.line() + ": header lacks column '" + REQUIRED.get(i)
                            + "' (expected 'label,youtube_id,time_start,time_end,split', got '" + Csv.line(header)
                            + "')");
                }
            }
            int splitCol = header.indexOf("split");
            int needed = 0;
            for (int c : col) {
                needed = Math.max(needed, c + 1);
            }
            while (true) {
                Csv.Row f;
                try {
                    f = records.next();
                } catch (CsvException e) {
                    // bad quoting: report it with the rows' other problems; nothing after it can be trusted
                    problems.error(file + ":" + e.line(), e.problem());
                    break;
                }
                if (f == null) {
                    break;
                }
                String where = file + ":" + f.line();
                if (f.size() < needed) {
                    problems.error(where, "expected " + header.size() + " columns, got " + f.size());
                    continue;
                }
                String rowSplit = splitCol >= 0 && splitCol < f.size() ? f.get(splitCol) : null;
                if (split != null && !split.equals(rowSplit)) {
                    continue;
                }
                String label = f.get(col[0]);
                String yid = f.get(col[1]);
                if (label.isEmpty() || yid.isEmpty()) {
                    problems.error(where, label.isEmpty() ? "empty label" : "empty youtube_id");
                    continue;
                }
                if (label.contains("\n") || yid.contains("\n") || label.contains("\r") || yid.contains("\r")) {
                    // a quoted field may span lines in CSV, but in an annotation it means a quote left open
                    problems.error(where, "a field runs over several lines (a quote left open?)");
                    continue;
                }
                double start;
                double end;
                try {
                    start = Double.parseDouble(f.get(col[2]));
                    end = Double.parseDouble(f.get(col[3]));
                } catch (NumberFormatException e) {
                    problems.error(where, "time_start/time_end are not numbers: '" + f.get(col[2]) + "', '"
                            + f.get(col[3]) + "'");
                    continue;
                }
                if (!(start >= 0) || !(end > start)) {
                    problems.error(where, "bad time range [" + f.get(col[2]) + ", " + f.get(col[3]) + "]");
                    continue;
                }
                rows.add(new Row(f.line(), label, yid, start, end,
                        rowSplit == null || rowSplit.isEmpty() ? null : rowSplit));
            }
        } catch (CsvException e) {
            throw new DatasetException(e.getMessage(), e); // the header row itself is badly quoted
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
        return rows;
    }
}
