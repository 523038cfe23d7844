package dev.actionclip.datasets;

import dev.actionclip.prompts.LabelSet;
import dev.actionclip.formats.TextFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The whitespace-separated list files of ActionCLIP, X-CLIP and mmaction2:
 * <ul>
 *   <li>frame lists: {@code <frame_dir> <num_frames> <label_id>}, frames {@code img_00001.jpg ...} (template and
 *   first index configurable);</li>
 *   <li>video lists: {@code <video_path> <label_id>}.</li>
 * </ul>
 * Paths are relative to a root folder (default: the list file's folder) unless absolute; a path may contain
 * spaces because the numbers are taken from the end of the line. Blank lines and lines starting with
 * {@code #} are ignored. Class names come from an {@code id,name} label CSV; without one the names are the ids.
 */
public final class ActionClipLists {
    public static final String DEFAULT_TEMPLATE = "img_%05d.jpg";
    /**
     * Without a label file the class names are the ids 0..max, so the largest id sizes a list: more classes than
     * any video dataset has (Kinetics-700: 700) means a typo or a hostile file, not a dataset.
     */
    static final int MAX_UNLABELLED_ID = 99_999;

    private final Path list;
    private final boolean frameList;
    private Path root;
    private Path labelsCsv;
    private boolean skipMissing;
    private String template = DEFAULT_TEMPLATE;
    private int firstIndex = 1;

    private ActionClipLists(Path list, boolean frameList) {
        this.list = list;
        this.frameList = frameList;
        Path parent = list.toAbsolutePath().getParent();
        this.root = parent;
    }

    /** A frame list: {@code <frame_dir> <num_frames> <label_id>} per line. */
    public static ActionClipLists frames(Path list) {
        return new ActionClipLists(list, true);
    }

    /** A video list: {@code <video_path> <label_id>} per line. */
    public static ActionClipLists videos(Path list) {
        return new ActionClipLists(list, false);
    }

    /** The folder relative paths start from. */
    public ActionClipLists root(Path root) {
        this.root = root;
        return this;
    }

    public ActionClipLists labels(Path labelsCsv) {
        this.labelsCsv = labelsCsv;
        return this;
    }

    public ActionClipLists skipMissing(boolean skip) {
        this.skipMissing = skip;
        return this;
    }

    /** Frame file names, e.g. {@code img_%05d.jpg} (the default) or {@code %06d.jpg}. */
    public ActionClipLists frameTemplate(String template, int firstIndex) {
        this.template = template;
        this.firstIndex = firstIndex;
        return this;
    }

    private record Entry(int line, Path path, int frames, int label) {
    }

    public Dataset load() {
        String file = list.toString();
        Problems problems = new Problems();
        List<Entry> entries = read(file, problems);
        LabelSet labels = labelsCsv != null ? KineticsAnnotations.readLabels(labelsCsv) : null;
        if (labels != null) {
            for (Entry e : entries) {
                if (e.label >= labels.size()) {
                    problems.error(file + ":" + e.line, "label id " + e.label + " is out of range: " + labelsCsv
                            + " has " + labels.size() + " labels (0.." + (labels.size() - 1) + ")");
                }
            }
        }
        problems.throwIfAny(file, false);
        if (entries.isEmpty()) {
            throw new DatasetException(file + ": empty list (expected lines '"
                    + (frameList ? "<frame_dir> <num_frames> <label_id>" : "<video_path> <label_id>") + "')");
        }
        if (labels == null) {
            for (Entry e : entries) {
                if (e.label > MAX_UNLABELLED_ID) {
                    problems.error(file + ":" + e.line, "label id " + e.label + " without a label file: ids above "
                            + MAX_UNLABELLED_ID + " need an id,name label file (labels(...), --labels)");
                }
            }
            problems.throwIfAny(file, false);
            int max = entries.stream().mapToInt(Entry::label).max().orElse(0);
            List<String> names = new ArrayList<>();
            for (int i = 0; i <= max; i++) {
                names.add(Integer.toString(i));
            }
            labels = LabelSet.of(names);
        }
        List<VideoSample> samples = new ArrayList<>();
        for (Entry e : entries) {
            String where = file + ":" + e.line;
            String bad = frameList ? checkFrames(e) : KineticsAnnotations.unreadable(e.path);
            if (bad != null) {
                problems.missing(where, bad);
                continue;
            }
            Optional<VideoSample.FrameFolder> folder = frameList
                    ? Optional.of(new VideoSample.FrameFolder(e.frames, template, firstIndex)) : Optional.empty();
            samples.add(new VideoSample(e.path, e.label, labels.name(e.label), Optional.empty(), folder, where));
        }
        problems.throwIfAny(file, skipMissing);
        if (samples.isEmpty()) {
            throw new DatasetException(file + ": none of the " + entries.size() + " entries exists under " + root);
        }
        return new Dataset(samples, labels.names(), problems.missingCount());
    }

    /** The folder, its first and its last frame must exist (checking every frame of a big set costs too much). */
    private String checkFrames(Entry e) {
        if (!Files.isDirectory(e.path)) {
            return "frame folder " + e.path + " does not exist";
        }
        VideoSample.FrameFolder f = new VideoSample.FrameFolder(e.frames, template, firstIndex);
        for (int i : new int[] {0, e.frames - 1}) {
            Path p = e.path.resolve(f.fileName(i));
            String bad = KineticsAnnotations.unreadable(p);
            if (bad != null) {
                return bad + " (frame " + (firstIndex + i) + " of " + e.frames + ")";
            }
        }
        return null;
    }

    private List<Entry> read(String file, Problems problems) {
        List<Entry> out = new ArrayList<>();
        int numbers = frameList ? 2 : 1;
        List<String> lines;
        try {
            lines = TextFiles.readLines(list);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read list " + file + ": " + e.getMessage(), e);
        } catch (IllegalArgumentException e) { // not UTF-8: file:line
            throw new DatasetException(e.getMessage(), e);
        }
        int no = 0;
        for (String line : lines) {
            no++;
            String s = line.strip();
            if (no == 1 && !s.isEmpty() && s.charAt(0) == '\uFEFF') {
                s = s.substring(1).strip();
            }
            if (s.isEmpty() || s.startsWith("#")) {
                continue;
            }
            String where = file + ":" + no;
            String rest = s;
            long[] nums = new long[numbers];
            boolean ok = true;
            for (int k = numbers - 1; k >= 0 && ok; k--) {
                int sp = lastSpace(rest);
                if (sp < 0) {
                    ok = false;
                    break;
                }
                try {
                    nums[k] = Long.parseLong(rest.substring(sp + 1));
                } catch (NumberFormatException ex) {
                    ok = false;
                }
                rest = rest.substring(0, sp).strip();
            }
            if (!ok || rest.isEmpty()) {
                problems.error(where, "expected '" + (frameList ? "<frame_dir> <num_frames> <label_id>"
                        : "<video_path> <label_id>") + "', got '" + s + "'");
                continue;
            }
            long label = nums[numbers - 1];
            long frames = frameList ? nums[0] : 0;
            if (label < 0 || label > Integer.MAX_VALUE) {
                problems.error(where, "label id " + label + " is out of range");
                continue;
            }
            if (frameList && (frames <= 0 || frames > Integer.MAX_VALUE)) {
                problems.error(where, "number of frames must be positive, got " + frames);
                continue;
            }
            Path p;
            try {
                p = Path.of(rest);
                p = p.isAbsolute() ? p : root.resolve(p);
            } catch (InvalidPathException e) {
                problems.error(where, "'" + rest + "' is not a valid path (" + e.getReason() + ")");
                continue;
            }
            out.add(new Entry(no, p, (int) frames, (int) label));
        }
        return out;
    }

    private static int lastSpace(String s) {
        for (int i = s.length() - 1; i >= 0; i--) {
            if (Character.isWhitespace(s.charAt(i))) {
                return i;
            }
        }
        return -1;
    }
}
