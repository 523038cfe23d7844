package dev.actionclip.cli;

import dev.actionclip.formats.Json;
import dev.actionclip.model.ActionClipModel;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code action-clip embed-text}: CLIP text features, one JSON line per text. */
@Command(name = "embed-text",
        mixinStandardHelpOptions = true,
        description = {"Print CLIP text embeddings (projected, not normalised) as JSON lines: {\"text\":..., \"embedding\":[...]}.",
            "Texts longer than the context are an error unless --truncate (then EOT stays last, as CLIP's truncate=True)."},
        footer = {"", "Example:", "  action-clip embed-text --model ViT-B-32.pt --vocab bpe_simple_vocab_16e6.txt.gz \"a photo of a dog\""})
public final class EmbedTextCommand implements Callable<Integer> {
    @CommandLine.Mixin
    ModelMixin modelOptions;

    @Option(names = "--truncate", description = "Cut over-long texts to the context length instead of failing.")
    boolean truncate;

    @Option(names = "--json", description = "JSON lines (the default and only format; accepted for symmetry).")
    boolean json;

    @Parameters(arity = "1..*", paramLabel = "TEXT", description = "Texts to embed.")
    List<String> texts;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        try (ActionClipModel m = modelOptions.load()) {
            float[] e = m.embedTexts(texts, truncate);
            PrintWriter out = spec.commandLine().getOut();
            int dim = m.embedDim();
            for (int i = 0; i < texts.size(); i++) {
                float[] row = new float[dim];
                System.arraycopy(e, i * dim, row, 0, dim);
                Map<String, Object> line = new LinkedHashMap<>();
                line.put("text", texts.get(i));
                line.put("embedding", row);
                out.println(Json.write(line));
            }
            out.flush();
        }
        return Main.EXIT_OK;
    }
}
