package dev.actionclip.train;

import dev.actionclip.datasets.Dataset;
import dev.actionclip.datasets.KineticsAnnotations;
import dev.actionclip.datasets.synth.Colour;
import dev.actionclip.datasets.synth.Motion;
import dev.actionclip.datasets.synth.Shape;
import dev.actionclip.datasets.synth.SyntheticActions;
import dev.actionclip.datasets.synth.SyntheticSpec;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.bytedeco.ffmpeg.global.avutil;

/** A small generated data set for training tests: 2 shapes x 2 colours x 2 motions, 32x32 pixels, 8 frames. */
public final class SynthData {
    private SynthData() {
    }

    public static Path generate(Path dir) throws IOException {
        SyntheticSpec spec = SyntheticSpec.builder().seed(3).shapes(List.of(Shape.CIRCLE, Shape.SQUARE))
                .colours(List.of(Colour.RED, Colour.BLUE)).motions(List.of(Motion.MOVING_LEFT, Motion.MOVING_RIGHT))
                .perLabel(3).valPerLabel(1).unseenPerLabel(1).unseenFraction(0.25).frames(8).size(32).threads(2)
                .build();
        avutil.av_log_set_level(avutil.AV_LOG_ERROR); // the encoder's per-file banner is noise here
        new SyntheticActions(spec).generate(dir);
        return dir;
    }

    public static Dataset train(Path dir) {
        return KineticsAnnotations.builder(dir.resolve("train.csv"), dir).labels(dir.resolve("labels.csv")).load();
    }

    public static Dataset val(Path dir) {
        return KineticsAnnotations.builder(dir.resolve("val.csv"), dir).labels(dir.resolve("labels.csv")).load();
    }
}
