package dev.actionclip.cli;

import dev.actionclip.cli.FormatOption.Format;
import dev.actionclip.model.ActionClipModel;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code action-clip embed-text}: CLIP text features, one row per text. */
@Command(name = "embed-text",
        mixinStandardHelpOptions = true,
        description = {"Print CLIP text embeddings (projected, not normalised), one row per text: JSON lines "
                + "{\"text\":..., \"embedding\":[...]} or CSV text,e0,e1,...",
            "Texts longer than the context are an error unless --truncate (then EOT stays last, as CLIP's truncate=True)."},
        footer = {"", "Examples:",
            "  action-clip embed-text --model ViT-B-32.pt \"a photo of a dog\"",
            "  action-clip embed-text --model ViT-B-32.pt --vocab my-vocab/ --format csv \\",
            "      \"riding a bike\" \"playing guitar\" > texts.csv"})
public final class EmbedTextCommand implements Callable<Integer> {
    @CommandLine.Mixin
    ModelMixin modelOptions;

    @Option(names = "--truncate",
            description = "Cut over-long texts to the context length instead of failing (default: off, fail).")
    boolean truncate;

    @CommandLine.Mixin
    FormatOption format = FormatOption.of(Format.JSONL, Format.CSV);

    @Parameters(arity = "1..*", paramLabel = "TEXT", description = "Texts to embed.")
    List<String> texts;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        Format fmt = format.resolve();
        try (ActionClipModel m = modelOptions.load()) {
            float[] e = m.embedTexts(texts, truncate);
            PrintWriter out = spec.commandLine().getOut();
            EmbeddingRows rows = new EmbeddingRows(out, fmt, "text");
            int dim = m.embedDim();
            for (int i = 0; i < texts.size(); i++) {
                float[] row = new float[dim];
                System.arraycopy(e, i * dim, row, 0, dim);
                rows.row(texts.get(i), row);
            }
            out.flush();
        }
        return Main.EXIT_OK;
    }
}
