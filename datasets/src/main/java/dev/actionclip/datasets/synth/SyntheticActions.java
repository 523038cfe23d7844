package dev.actionclip.datasets.synth;

import dev.actionclip.formats.Csv;
import dev.actionclip.prompts.LabelSet;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * A deterministic generator of short synthetic action clips labelled with compositional phrases such as
 * "a red circle moving left". It writes a Kinetics-style tree that {@code KineticsAnnotations} reads:
 * <pre>
 * OUT/train/&lt;label&gt;/&lt;id&gt;_000000_000002.mp4   OUT/train.csv  OUT/labels.csv
 * OUT/val/...                                   OUT/val.csv
 * OUT/unseen/...                                OUT/unseen.csv OUT/unseen_labels.csv
 * </pre>
 * (label folders spell spaces as underscores). The unseen labels are combinations never shown in training,
 * although each of their shape, colour and motion is. The same spec (seed included) writes the same bytes.
 */
public final class SyntheticActions {
    public static final String TRAIN = "train";
    public static final String VAL = "val";
    public static final String UNSEEN = "unseen";

    private final SyntheticSpec spec;

    public SyntheticActions(SyntheticSpec spec) {
        this.spec = spec;
    }

    /** Seen (train/val) and held-out labels. */
    public record LabelSplit(List<ActionLabel> seen, List<ActionLabel> unseen) {
    }

    /** What {@link #generate} wrote. */
    public record Summary(Path root, int seenLabels, int unseenLabels, int trainClips, int valClips,
                          int unseenClips, double clipSeconds, long bytes, double elapsedSeconds) {
        public int clips() {
            return trainClips + valClips + unseenClips;
        }
    }

    public SyntheticSpec spec() {
        return spec;
    }

    /** Every visible shape × colour × motion combination, in spec order. */
    public List<ActionLabel> allLabels() {
        List<ActionLabel> out = new ArrayList<>();
        for (Motion m : spec.motions()) {
            for (Shape s : spec.shapes()) {
                for (Colour c : spec.colours()) {
                    if (ActionLabel.valid(s, m)) {
                        out.add(new ActionLabel(s, c, m));
                    }
                }
            }
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException("no visible combination: rotation cannot be seen on a circle");
        }
        return out;
    }

    /**
     * Holds out {@code round(unseenFraction × labels)} combinations, chosen by the seed, skipping any whose removal
     * would leave a shape, colour or motion seen in fewer than half of its combinations, or a pair of them (shape and
     * motion, colour and motion, shape and colour) never seen together. An unseen label is then a new combination of
     * pairs the model has seen. Without these rules some seeds held out every "circle shrinking" or all but one
     * "moving right", and their unseen scores measured that gap (40–55 % where other splits gave 80–95 %).
     */
    public LabelSplit split() {
        List<ActionLabel> all = allLabels();
        int target = (int) Math.round(spec.unseenFraction() * all.size());
        List<ActionLabel> order = new ArrayList<>(all);
        Collections.shuffle(order, new java.util.Random(mix(spec.seed(), 0x5EED)));
        Map<Object, Integer> seenParts = new HashMap<>();
        Map<Object, Integer> minSeen = new HashMap<>();
        for (ActionLabel l : all) {
            for (Object part : parts(l)) {
                seenParts.merge(part, 1, Integer::sum);
            }
        }
        // a word: seen in at least half of its combinations; a pair of words: seen together at least once
        seenParts.forEach((part, total) -> minSeen.put(part, part instanceof List<?> ? 1 : (total + 1) / 2));
        List<ActionLabel> unseen = new ArrayList<>();
        for (ActionLabel l : order) {
            if (unseen.size() >= target) {
                break;
            }
            List<Object> parts = parts(l);
            if (parts.stream().allMatch(p -> seenParts.get(p) - 1 >= minSeen.get(p))) {
                parts.forEach(p -> seenParts.merge(p, -1, Integer::sum));
                unseen.add(l);
            }
        }
        List<ActionLabel> seen = new ArrayList<>(all);
        seen.removeAll(unseen);
        unseen.sort(java.util.Comparator.comparingInt(all::indexOf));
        return new LabelSplit(seen, unseen);
    }

    /** A label's words and its pairs of words (pairs as two-element lists). */
    private static List<Object> parts(ActionLabel l) {
        return List.of(l.shape(), l.colour(), l.motion(), List.of(l.shape(), l.motion()),
                List.of(l.colour(), l.motion()), List.of(l.shape(), l.colour()));
    }

    /** The random look of clip {@code k} of {@code label} in {@code split}: a function of the seed and those three. */
    public ClipParams params(String split, ActionLabel label, int k) {
        long s = mix(mix(mix(spec.seed(), split.hashCode()), label.name().hashCode()), k);
        return ClipParams.random(new SplittableRandom(s));
    }

    /** The RGB24 frames of one clip. */
    public byte[][] render(ActionLabel label, ClipParams params) {
        return ClipRenderer.render(label, params, spec.frames(), spec.size());
    }

    private record Job(String split, ActionLabel label, int k, String id, Path file) {
    }

    /** Writes the clips, the three annotation CSVs and the two label files under {@code out}. */
    public Summary generate(Path out) throws IOException {
        long t0 = System.nanoTime();
        LabelSplit ls = split();
        Files.createDirectories(out);
        List<Job> jobs = new ArrayList<>();
        jobs(out, TRAIN, ls.seen(), spec.perLabel(), jobs);
        jobs(out, VAL, ls.seen(), spec.valPerLabel(), jobs);
        jobs(out, UNSEEN, ls.unseen(), spec.unseenPerLabel(), jobs);
        ExecutorService pool = Executors.newFixedThreadPool(spec.threads(), r -> {
            Thread t = new Thread(r, "synth-writer");
            t.setDaemon(true);
            return t;
        });
        long bytes = 0;
        try {
            List<Future<Long>> done = new ArrayList<>();
            for (Job j : jobs) {
                done.add(pool.submit(() -> writeClip(j)));
            }
            for (Future<Long> f : done) {
                bytes += f.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof IOException io) {
                throw io;
            }
            throw new IOException("writing a synthetic clip failed: " + c, c);
        } finally {
            pool.shutdownNow();
        }
        writeCsv(out.resolve("train.csv"), jobs, TRAIN);
        writeCsv(out.resolve("val.csv"), jobs, VAL);
        writeCsv(out.resolve("unseen.csv"), jobs, UNSEEN);
        LabelSet.of(ls.seen().stream().map(ActionLabel::name).toList()).writeCsv(out.resolve("labels.csv"));
        if (!ls.unseen().isEmpty()) {
            LabelSet.of(ls.unseen().stream().map(ActionLabel::name).toList())
                    .writeCsv(out.resolve("unseen_labels.csv"));
        }
        return new Summary(out, ls.seen().size(), ls.unseen().size(), count(jobs, TRAIN), count(jobs, VAL),
                count(jobs, UNSEEN), spec.frames() / spec.fps(), bytes, (System.nanoTime() - t0) / 1e9);
    }

    private void jobs(Path out, String split, List<ActionLabel> labels, int perLabel, List<Job> jobs) {
        int n = 0;
        for (int k = 0; k < perLabel; k++) { // round-robin over labels: ids interleave classes
            for (ActionLabel l : labels) {
                String id = String.format(Locale.ROOT, "%s%05d", split.charAt(0), n++);
                String stem = String.format(Locale.ROOT, "%s_%06d_%06d", id, 0, spec.clipSeconds());
                jobs.add(new Job(split, l, k, id, out.resolve(split).resolve(l.folderName()).resolve(stem + ".mp4")));
            }
        }
    }

    private long writeClip(Job j) throws IOException {
        Files.createDirectories(j.file.getParent());
        byte[][] frames = render(j.label, params(j.split, j.label, j.k));
        ClipWriter.write(j.file, frames, spec.size(), spec.size(), spec.fps(), spec.quality());
        return Files.size(j.file);
    }

    private void writeCsv(Path file, List<Job> jobs, String split) throws IOException {
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8); Csv.Printer p = Csv.printer(w)) {
            p.row("label", "youtube_id", "time_start", "time_end", "split");
            for (Job j : jobs) {
                if (j.split.equals(split)) {
                    p.row(j.label.name(), j.id, 0, spec.clipSeconds(), split);
                }
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    private static int count(List<Job> jobs, String split) {
        return (int) jobs.stream().filter(j -> j.split.equals(split)).count();
    }

    /** SplitMix64 of a combined value: seeds that differ in one bit give unrelated streams. */
    static long mix(long a, long b) {
        long z = a * 0x9E3779B97F4A7C15L + b + 0x632BE59BD9B4E019L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
