package dev.actionclip.cli;

import dev.actionclip.datasets.synth.Colour;
import dev.actionclip.datasets.synth.Motion;
import dev.actionclip.datasets.synth.Shape;
import dev.actionclip.datasets.synth.SyntheticActions;
import dev.actionclip.datasets.synth.SyntheticSpec;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.Function;
import org.bytedeco.ffmpeg.global.avutil;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code action-clip synth}: writes a synthetic, Kinetics-style action dataset with held-out label combinations. */
@Command(name = "synth",
        mixinStandardHelpOptions = true,
        description = {"Generate synthetic action clips labelled like 'a red circle moving left'.",
            "Writes OUT/{train,val,unseen}/<label>/<id>_000000_<secs>.mp4, train.csv, val.csv, unseen.csv "
                + "(Kinetics columns), labels.csv and unseen_labels.csv (id,name). Unseen labels are "
                + "shape x colour x motion combinations never used in train/val; each of their parts is.",
            "The same options and seed write the same bytes."},
        footer = {"", "Examples:",
            "  action-clip synth --out data --seed 1",
            "  action-clip synth --out small --per-label 2 --frames 8 --size 64 \\",
            "      --shapes circle,square --motions left,right,up,down"})
public final class SynthCommand implements Callable<Integer> {
    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output folder (created if missing).")
    Path out;

    @Option(names = "--seed", defaultValue = "0", paramLabel = "N", description = "Random seed (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--per-label", defaultValue = "4", paramLabel = "N",
            description = "Training clips per seen label (default ${DEFAULT-VALUE}).")
    int perLabel;

    @Option(names = "--val-per-label", defaultValue = "1", paramLabel = "N",
            description = "Validation clips per seen label (default ${DEFAULT-VALUE}).")
    int valPerLabel;

    @Option(names = "--unseen-per-label", defaultValue = "2", paramLabel = "N",
            description = "Clips per held-out label (default ${DEFAULT-VALUE}).")
    int unseenPerLabel;

    @Option(names = "--unseen-fraction", defaultValue = "0.2", paramLabel = "F",
            description = "Share of label combinations held out of training, in [0, 1) (default ${DEFAULT-VALUE}).")
    double unseenFraction;

    @Option(names = "--frames", defaultValue = "16", paramLabel = "N", description = "Frames per clip (default ${DEFAULT-VALUE}).")
    int frames;

    @Option(names = "--size", defaultValue = "112", paramLabel = "PX",
            description = "Frame width = height in pixels, even (default ${DEFAULT-VALUE}).")
    int size;

    @Option(names = "--fps", defaultValue = "8", paramLabel = "FPS",
            description = "Frame rate in frames per second (default ${DEFAULT-VALUE}).")
    double fps;

    @Option(names = "--shapes", split = ",", paramLabel = "SHAPE",
            description = "Comma-separated, from: circle, square, triangle, cross, star (default: circle,square,triangle).")
    List<String> shapes;

    @Option(names = {"--colours", "--colors"}, split = ",", paramLabel = "COLOUR",
            description = "Comma-separated, from: red, green, blue, yellow, cyan, magenta, orange, white "
                    + "(default: red,green,blue,yellow).")
    List<String> colours;

    @Option(names = "--motions", split = ",", paramLabel = "MOTION",
            description = "Comma-separated, from: left, right, up, down, growing, shrinking, clockwise, "
                    + "counterclockwise, bouncing; full phrases like moving-left work too (default: all).")
    List<String> motions;

    @Option(names = "--quality", defaultValue = "2", paramLabel = "Q",
            description = "MPEG-4 quantiser, 1 best .. 31 (default ${DEFAULT-VALUE}).")
    int quality;

    @Option(names = "--threads", paramLabel = "N",
            description = "Clips encoded in parallel (default: the cores, at most 4; the output is the same).")
    Integer threads;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        SyntheticSpec.Builder b = SyntheticSpec.builder().seed(seed).perLabel(perLabel).valPerLabel(valPerLabel)
                .unseenPerLabel(unseenPerLabel).unseenFraction(unseenFraction).frames(frames).size(size).fps(fps)
                .quality(quality);
        if (shapes != null) {
            b.shapes(parse(shapes, Shape::parse));
        }
        if (colours != null) {
            b.colours(parse(colours, Colour::parse));
        }
        if (motions != null) {
            b.motions(parse(motions, Motion::parse));
        }
        if (threads != null) {
            b.threads(threads);
        }
        SyntheticActions gen;
        try {
            gen = new SyntheticActions(b.build());
            gen.allLabels();
        } catch (IllegalArgumentException e) {
            throw new UserInputException(e.getMessage(), e);
        }
        avutil.av_log_set_level(avutil.AV_LOG_ERROR); // the encoder's per-file banner is noise here
        SyntheticActions.Summary s = gen.generate(out);
        PrintWriter w = spec.commandLine().getOut();
        w.printf(Locale.ROOT, "labels: %d seen, %d unseen (held-out combinations)%n", s.seenLabels(), s.unseenLabels());
        w.printf(Locale.ROOT, "clips: %d train, %d val, %d unseen; %d frames of %dx%d at %s fps (%.2f s each)%n",
                s.trainClips(), s.valClips(), s.unseenClips(), frames, size, size, trim(fps), s.clipSeconds());
        w.printf(Locale.ROOT, "wrote %s (%.1f MB) in %.2f s%n", s.root(), s.bytes() / 1e6, s.elapsedSeconds());
        w.flush();
        return Main.EXIT_OK;
    }

    private static <T> List<T> parse(List<String> words, Function<String, T> parser) {
        try {
            return words.stream().filter(x -> !x.isBlank()).map(parser).toList();
        } catch (IllegalArgumentException e) {
            throw new UserInputException(e.getMessage(), e);
        }
    }

    private static String trim(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }
}
