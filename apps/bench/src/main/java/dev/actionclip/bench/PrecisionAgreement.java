package dev.actionclip.bench;

import dev.actionclip.api.ActionRecognizer;
import dev.actionclip.api.Prediction;
import dev.actionclip.datasets.Dataset;
import dev.actionclip.datasets.KineticsAnnotations;
import dev.actionclip.datasets.VideoSample;
import dev.actionclip.prompts.Templates;
import dev.actionclip.torch.DeviceSpec;
import dev.actionclip.torch.Precision;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * bf16 against float32 on labelled videos: top-1 agreement, the largest probability difference, and each
 * precision's top-1 accuracy. A fast path is only a fast path if it gives the same answers.
 *
 * <pre>PrecisionAgreement MODEL ANNOTATIONS.csv LABELS.csv [FRAMES=8] [TEMPLATES=none] [THREADS=2]</pre>
 */
public final class PrecisionAgreement {
    private PrecisionAgreement() {
    }

    /** What one comparison found. */
    public record Result(int videos, int agree, double maxProbDiff, int correct32, int correctBf16) {
        public double agreement() {
            return videos == 0 ? Double.NaN : (double) agree / videos;
        }

        public String summary() {
            return String.format(Locale.ROOT, "videos %d  top-1 agreement %.2f%% (%d/%d)  max |p_bf16 - p_f32| %.4f  "
                            + "top-1 float32 %.2f%%  bf16 %.2f%%", videos, 100 * agreement(), agree, videos, maxProbDiff,
                    100.0 * correct32 / videos, 100.0 * correctBf16 / videos);
        }
    }

    public static Result compare(Path model, Dataset data, Templates templates, int frames, int threads) {
        List<Path> videos = new ArrayList<>();
        for (VideoSample s : data.samples()) {
            videos.add(s.path());
        }
        List<Prediction> f32 = predict(model, data.labelNames(), templates, frames, threads, Precision.FLOAT32, videos);
        List<Prediction> bf16 = predict(model, data.labelNames(), templates, frames, threads, Precision.BF16, videos);
        int agree = 0;
        int c32 = 0;
        int c16 = 0;
        double maxDiff = 0;
        for (int i = 0; i < videos.size(); i++) {
            String a = f32.get(i).top(1).get(0).label();
            String b = bf16.get(i).top(1).get(0).label();
            String truth = data.samples().get(i).labelName();
            agree += a.equals(b) ? 1 : 0;
            c32 += a.equals(truth) ? 1 : 0;
            c16 += b.equals(truth) ? 1 : 0;
            for (String l : data.labelNames()) {
                maxDiff = Math.max(maxDiff, Math.abs(f32.get(i).probability(l) - bf16.get(i).probability(l)));
            }
        }
        return new Result(videos.size(), agree, maxDiff, c32, c16);
    }

    private static List<Prediction> predict(Path model, List<String> labels, Templates templates, int frames,
                                            int threads, Precision precision, List<Path> videos) {
        List<Prediction> out = new ArrayList<>();
        try (ActionRecognizer r = ActionRecognizer.builder().model(model).labels(labels).templates(templates)
                .frames(frames).threads(threads).device(DeviceSpec.CPU, precision).cache(false).build()) {
            for (Path v : videos) {
                out.add(r.classify(v));
            }
        }
        return out;
    }

    public static void main(String[] args) throws java.io.IOException {
        if (args.length < 3) {
            throw new IllegalArgumentException("usage: PrecisionAgreement MODEL ANNOTATIONS.csv LABELS.csv [FRAMES=8]"
                    + " [TEMPLATES=none] [THREADS=2]");
        }
        Path csv = Path.of(args[1]);
        Dataset d = KineticsAnnotations.builder(csv, csv.toAbsolutePath().getParent()).labels(Path.of(args[2])).load();
        int frames = args.length > 3 ? Integer.parseInt(args[3]) : 8;
        Templates t = Templates.parse(args.length > 4 ? args[4] : "none");
        int threads = args.length > 5 ? Integer.parseInt(args[5]) : 2;
        System.out.println(csv + ": " + compare(Path.of(args[0]), d, t, frames, threads).summary());
    }
}
