package dev.actionclip.cli;

import dev.actionclip.api.Images;
import dev.actionclip.cli.FormatOption.Format;
import dev.actionclip.model.ActionClipModel;
import dev.actionclip.video.RgbImage;
import dev.actionclip.video.preprocess.ClipPreprocessor;
import dev.actionclip.video.preprocess.FrameTensor;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code action-clip embed-image}: CLIP image features of image files, one row per image. */
@Command(name = "embed-image",
        mixinStandardHelpOptions = true,
        description = {"Print CLIP image embeddings (projected, not normalised), one row per image: JSON lines "
                + "{\"image\":..., \"embedding\":[...]} or CSV image,e0,e1,...",
            "Images get CLIP's preprocessing: bicubic resize of the short side to the model's resolution, centre crop, "
                + "CLIP mean/std. Formats: PNG, JPEG, BMP, GIF."},
        footer = {"", "Examples:", "  action-clip embed-image --model ViT-B-32.pt frame1.png frame2.jpg",
            "  action-clip embed-image --model ViT-B-32.pt --format csv frames/*.png > x.csv"})
public final class EmbedImageCommand implements Callable<Integer> {
    @CommandLine.Mixin
    ModelMixin modelOptions;

    @Parameters(arity = "1..*", paramLabel = "IMAGE", description = "Image files.")
    List<Path> images;

    @CommandLine.Mixin
    FormatOption format = FormatOption.of(Format.JSONL, Format.CSV);

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        Format fmt = format.resolve();
        try (ActionClipModel m = modelOptions.load()) {
            ClipPreprocessor pre = ClipPreprocessor.clip(m.resolution());
            PrintWriter out = spec.commandLine().getOut();
            EmbeddingRows rows = new EmbeddingRows(out, fmt, "image");
            for (Path p : images) {
                RgbImage img = Images.read(p);
                FrameTensor t = pre.apply(List.of(img));
                rows.row(p.toString(), m.embedImages(t.data(), 1));
                out.flush();
            }
        }
        return Main.EXIT_OK;
    }
}
