package dev.actionclip.bench;

import dev.actionclip.datasets.synth.SyntheticActions;
import dev.actionclip.datasets.synth.SyntheticSpec;
import dev.actionclip.watch.SegmentEvaluator;
import dev.actionclip.watch.SyntheticLongVideo;
import dev.actionclip.watch.TruthCsv;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Writes a {@link SyntheticLongVideo} with its true segments: the input of {@code scripts/watch-eval} and {@code scripts/bench-watch}. */
public final class LongVideoTool {
    private LongVideoTool() {
    }

    /**
     * {@code LongVideoTool --out OUT [--truth CSV] [--labels TXT] [--segments 10] [--clips-per-segment 3]
     * [--width W] [--seed 1] [--size 112] [--fps 8] [--frames 16] [--spec-seed 0] [--shapes a,b] [--colours a,b] [--motions a,b]
     * [--split val] [--format F] [--pace X]}: OUT may be a file or a URL ({@code tcp://127.0.0.1:9000?listen=1} with {@code --format mpegts});
     * {@code --pace 1} writes in real time, like a camera.
     */
    public static void main(String[] args) throws Exception {
        java.util.Map<String, String> a = new java.util.HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            if (!args[i].startsWith("--")) {
                usage("unexpected argument " + args[i]);
            }
            a.put(args[i].substring(2), args[i + 1]);
        }
        if (args.length % 2 != 0 || !a.containsKey("out")) {
            usage("--out is required and every option takes a value");
        }
        int size = Integer.parseInt(a.getOrDefault("size", "112"));
        SyntheticSpec.Builder sb = SyntheticSpec.builder().size(size).fps(Double.parseDouble(a.getOrDefault("fps", "8")))
                .frames(Integer.parseInt(a.getOrDefault("frames", "16")))
                .seed(Long.parseLong(a.getOrDefault("spec-seed", "0"))).threads(1);
        // the label set and held-out split depend on the parts: they must match the model's training data
        if (a.containsKey("shapes")) {
            sb.shapes(java.util.Arrays.stream(a.get("shapes").split(",")).map(dev.actionclip.datasets.synth.Shape::parse).toList());
        }
        if (a.containsKey("colours")) {
            sb.colours(java.util.Arrays.stream(a.get("colours").split(",")).map(dev.actionclip.datasets.synth.Colour::parse).toList());
        }
        if (a.containsKey("motions")) {
            // scripts/demo trains on six motions, synth's default is all nine: the label list follows
            sb.motions(java.util.Arrays.stream(a.get("motions").split(",")).map(dev.actionclip.datasets.synth.Motion::parse).toList());
        }
        SyntheticSpec spec = sb.build();
        int width = Integer.parseInt(a.getOrDefault("width", Integer.toString(size)));
        SyntheticLongVideo v = new SyntheticLongVideo(spec, a.getOrDefault("split", SyntheticActions.VAL))
                .segments(Integer.parseInt(a.getOrDefault("segments", "10")),
                        Integer.parseInt(a.getOrDefault("clips-per-segment", "3")))
                .width(width)
                .seed(Long.parseLong(a.getOrDefault("seed", "1")))
                .pace(Double.parseDouble(a.getOrDefault("pace", "0")));
        String out = a.get("out");
        String format = a.getOrDefault("format",
                out.endsWith(".ts") ? "mpegts" : out.endsWith(".mkv") ? "matroska" : "mp4");
        if (a.containsKey("labels")) {
            try (Writer w = Files.newBufferedWriter(Path.of(a.get("labels")), StandardCharsets.UTF_8)) {
                for (String l : v.labelNames()) {
                    w.write(l + "\n");
                }
            }
        }
        if (a.containsKey("truth")) {
            TruthCsv.write(Path.of(a.get("truth")), v.plan());
        }
        List<SegmentEvaluator.Segment> segs = v.write(out, format);
        double secs = segs.isEmpty() ? 0 : segs.get(segs.size() - 1).end();
        System.err.printf(java.util.Locale.ROOT, "wrote %s: %d segments, %.1f s, %dx%d at %.1f fps%n", out,
                segs.size(), secs, width, size, spec.fps());
    }

    private static void usage(String problem) {
        throw new IllegalArgumentException(problem + "\nusage: LongVideoTool --out OUT [--truth CSV]"
                + " [--labels TXT] [--segments 10] [--clips-per-segment 3] [--width W] [--seed 1] [--size 112]"
                + " [--fps 8] [--frames 16] [--spec-seed 0] [--shapes a,b] [--colours a,b] [--motions a,b] [--split val] [--format F]"
                + " [--pace X]");
    }
}
