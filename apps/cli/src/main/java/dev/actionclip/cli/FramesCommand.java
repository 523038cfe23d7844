package dev.actionclip.cli;

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
            "With --out, writes the preprocessed frames (de-normalised) as PNG previews."})
final class FramesCommand implements Callable<Integer> {
    enum Mode { test, train }

    enum Crop { clip, actionclip }

    @Parameters(index = "0", paramLabel = "VIDEO", description = "Video file.")
    Path video;

    @Option(names = "--frames", defaultValue = "8", description = "Segments / frames to sample (default ${DEFAULT-VALUE}).")
    int frames;

    @Option(names = "--mode", defaultValue = "test", description = "test (segment centres) or train (seeded random offsets and augmentation).")
    Mode mode;

    @Option(names = "--seed", defaultValue = "0", description = "Random seed for train mode.")
    long seed;

    @Option(names = "--start", description = "Range start in seconds.")
    Double start;

    @Option(names = "--end", description = "Range end in seconds.")
    Double end;

    @Option(names = "--size", defaultValue = "224", description = "Model input resolution (default ${DEFAULT-VALUE}).")
    int size;

    @Option(names = "--preprocess", defaultValue = "clip",
            description = "clip: short side to SIZE then centre crop; actionclip: short side to SIZE*256/224 then crop.")
    Crop crop;

    @Option(names = "--strategy", defaultValue = "AUTO", description = "AUTO, SEEK or SEQUENTIAL decoding.")
    DecodeStrategy strategy;

    @Option(names = "--out", description = "Folder for PNG previews of the preprocessed frames.")
    Path out;

    @Option(names = "--json", description = "Print one JSON object instead of text.")
    boolean json;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        if (frames < 1 || size < 1) {
            throw new UserInputException("--frames and --size must be positive");
        }
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
            clip = VideoFrames.sample(video, b.build(), pre);
        } catch (VideoReadException e) {
            throw new UserInputException(e.getMessage(), e);
        }
        PrintWriter w = spec.commandLine().getOut();
        if (json) {
            w.println(Json.write(toJson(clip)));
        } else {
            printText(w, clip);
        }
        if (out != null) {
            writePreviews(clip, out);
            if (!json) {
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
