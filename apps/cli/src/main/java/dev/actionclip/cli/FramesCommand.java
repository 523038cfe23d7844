package dev.actionclip.cli;

import dev.actionclip.cli.FormatOption.Format;
import dev.actionclip.formats.Csv;
import dev.actionclip.formats.Json;
import dev.actionclip.video.Clip;
import dev.actionclip.video.RgbImage;
import dev.actionclip.video.VideoFrames;
import dev.actionclip.video.VideoProbe;
import dev.actionclip.video.VideoReadException;
import dev.actionclip.video.preprocess.ClipPreprocessor;
import dev.actionclip.video.preprocess.Normalization;
import dev.actionclip.video.preprocess.Preprocessor;
import dev.actionclip.video.preprocess.TrainAugment;
import dev.actionclip.video.sampling.DecodeStrategy;
import dev.actionclip.video.sampling.SamplingSpec;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import javax.imageio.ImageIO;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code action-clip frames}: probe a video, show which frames the sampler picks, optionally save previews. */
@Command(name = "frames", mixinStandardHelpOptions = true,
        description = {"Probe a video and print the frames ActionCLIP-style sampling picks (0-based indices, seconds).",
            "Output: text (the probe, then a table); json (one object: the probe, indices, timestamps, shape); "
                + "csv (one row per sampled frame: sample,index,time).",
            "With --out, writes the preprocessed frames (de-normalised) as PNG previews."},
        footer = {"", "Examples:",
            "  action-clip frames --frames 8 clip.mp4",
            "  action-clip frames --mode train --seed 3 --start 1.5 --end 4 --out previews/ \\",
            "      clip.mp4"})
final class FramesCommand implements Callable<Integer> {
    enum Mode { test, train }

    enum Crop { clip, actionclip }

    @Parameters(index = "0", paramLabel = "VIDEO", description = "Video file.")
    Path video;

    @Option(names = "--frames", defaultValue = "8", paramLabel = "T",
            description = "Segments / frames to sample (default ${DEFAULT-VALUE}).")
    int frames;

    @Option(names = "--mode", defaultValue = "test", paramLabel = "test|train",
            description = "test (segment centres) or train (seeded random offsets and augmentation) "
                    + "(default ${DEFAULT-VALUE}).")
    Mode mode;

    @Option(names = "--seed", defaultValue = "0", description = "Random seed for train mode (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--start", paramLabel = "SECONDS", description = "Range start in seconds (default: 0, the start).")
    Double start;

    @Option(names = "--end", paramLabel = "SECONDS", description = "Range end in seconds (default: the end of the video).")
    Double end;

    @Option(names = "--size", defaultValue = "224", paramLabel = "PX",
            description = "Model input resolution in pixels (default ${DEFAULT-VALUE}).")
    int size;

    @Option(names = "--preprocess", defaultValue = "clip", paramLabel = "clip|actionclip",
            description = "clip: short side to SIZE then centre crop; actionclip: short side to SIZE*256/224 then "
                    + "crop (default ${DEFAULT-VALUE}).")
    Crop crop;

    @Option(names = "--strategy", defaultValue = "AUTO", paramLabel = "AUTO|SEEK|SEQUENTIAL",
            description = "Decoding: AUTO, SEEK or SEQUENTIAL (default ${DEFAULT-VALUE}).")
    DecodeStrategy strategy;

    @CommandLine.Mixin
    VideoLimitsMixin videoLimits;

    @Option(names = "--out", paramLabel = "DIR",
            description = "Folder for PNG previews of the preprocessed frames (default: none written).")
    Path out;

    @CommandLine.Mixin
    FormatOption format = FormatOption.of(Format.TEXT, Format.JSON, Format.CSV);

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        if (frames < 1 || size < 1) {
            throw new UserInputException("--frames and --size must be positive");
        }
        Format fmt = format.resolve();
        SamplingSpec.Builder b = SamplingSpec.tsn(frames).strategy(strategy);
        if (mode == Mode.train) {
            b.train(seed);
        }
        if (start != null || end != null) {
            b.range(start == null ? 0 : start, end == null ? Double.MAX_VALUE : end);
        }
        Preprocessor pre = mode == Mode.train ? new TrainAugment(size, seed)
                : crop == Crop.actionclip ? ClipPreprocessor.actionClipTest(size) : ClipPreprocessor.clip(size);
        Clip clip;
        try {
            clip = VideoFrames.sampleViews(video, b.build(), pre, videoLimits.limits()).get(0);
        } catch (VideoReadException e) {
            throw new UserInputException(e.getMessage(), e);
        }
        PrintWriter w = spec.commandLine().getOut();
        if (fmt == Format.JSON) {
            w.println(Json.write(toJson(clip)));
        } else if (fmt == Format.CSV) {
            w.println(Csv.line("sample", "index", "time"));
            for (int i = 0; i < clip.indices().length; i++) {
                w.println(Csv.line(i, clip.indices()[i], clip.timestamps()[i]));
            }
        } else {
            printText(w, clip);
        }
        if (out != null) {
            writePreviews(clip, out);
            if (fmt == Format.TEXT) {
                w.println("previews: " + out);
            }
        }
        w.flush();
        return Main.EXIT_OK;
    }

    private static Map<String, Object> toJson(Clip clip) {
        VideoProbe p = clip.probe();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("video", p.source());
        m.put("frame_count", p.frameCount());
        m.put("frame_count_exact", p.exactFrameCount() >= 0);
        m.put("approx_frame_count", p.approxFrameCount());
        m.put("fps", p.fps());
        m.put("real_fps", p.realFps());
        m.put("duration", p.durationSeconds());
        m.put("width", p.width());
        m.put("height", p.height());
        m.put("rotation", p.rotation());
        m.put("codec", p.codec());
        m.put("format", p.format());
        m.put("constant_frame_rate", p.constantFrameRate());
        m.put("indices", clip.indices());
        m.put("timestamps", clip.timestamps());
        m.put("shape", clip.shape());
        return m;
    }

    private static void printText(PrintWriter w, Clip clip) {
        VideoProbe p = clip.probe();
        w.printf(Locale.ROOT, "video:     %s%n", p.source());
        w.printf(Locale.ROOT, "frames:    %d%s%n", p.frameCount(), p.exactFrameCount() >= 0 ? " (exact)" : " (approximate)");
        w.printf(Locale.ROOT, "fps:       %.3f (base %.3f)%s%n", p.fps(), p.realFps(), p.constantFrameRate() ? "" : ", variable");
        w.printf(Locale.ROOT, "duration:  %.3f s%n", p.durationSeconds());
        w.printf(Locale.ROOT, "size:      %dx%d%n", p.width(), p.height());
        w.printf(Locale.ROOT, "rotation:  %d%n", p.rotation());
        w.printf(Locale.ROOT, "codec:     %s (%s)%n", p.codec(), p.format());
        w.printf(Locale.ROOT, "sampled:   %d frames -> %s%n", clip.frames(), java.util.Arrays.toString(clip.shape()));
        w.println("  #  index   time (s)");
        for (int i = 0; i < clip.indices().length; i++) {
            w.printf(Locale.ROOT, "%3d %6d %10.3f%n", i, clip.indices()[i], clip.timestamps()[i]);
        }
    }

    private static void writePreviews(Clip clip, Path dir) throws IOException {
        Files.createDirectories(dir);
        Normalization n = Normalization.CLIP;
        int plane = 3 * clip.height() * clip.width();
        for (int i = 0; i < clip.crops() * clip.frames(); i++) {
            RgbImage img = n.read(clip.data(), i * plane, clip.width(), clip.height());
            BufferedImage bi = new BufferedImage(img.width(), img.height(), BufferedImage.TYPE_INT_RGB);
            for (int y = 0; y < img.height(); y++) {
                for (int x = 0; x < img.width(); x++) {
                    bi.setRGB(x, y, img.get(x, y, 0) << 16 | img.get(x, y, 1) << 8 | img.get(x, y, 2));
                }
            }
            int idx = clip.indices()[i % clip.frames()];
            ImageIO.write(bi, "png", dir.resolve(String.format(Locale.ROOT, "frame-%02d-%06d.png", i, idx)).toFile());
        }
    }
}
