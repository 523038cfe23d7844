package dev.actionclip.cli;

import dev.actionclip.cli.FormatOption.Format;
import dev.actionclip.clip.ClipGeometry;
import dev.actionclip.formats.Json;
import dev.actionclip.model.ModelWeights;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code action-clip info}: what a checkpoint is and the geometry it implies. Reads tensors' headers only. */
@Command(name = "info",
        mixinStandardHelpOptions = true,
        description = {"Print a checkpoint's detected format and CLIP geometry.",
            "Formats: OpenAI TorchScript (.pt), torch.save state dicts (.pt/.pth), ActionCLIP checkpoints, "
                + "Hugging Face folders (config.json + safetensors), .safetensors files, action-clip trained "
                + "checkpoints (folder with checkpoint.json)."},
        footer = {"", "Examples:", "  action-clip info --model ViT-B-32.pt", "  action-clip info --model runs/k400 --format json",
            "", "For the machine (Java, LibTorch, FFmpeg, vocabulary) rather than a checkpoint: action-clip doctor"})
public final class InfoCommand implements Callable<Integer> {
    @Option(names = "--model", required = true, paramLabel = "PATH", description = "Checkpoint file or folder.")
    Path model;

    @CommandLine.Mixin
    FormatOption format = FormatOption.of(Format.TEXT, Format.JSON);

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        Format fmt = format.resolve();
        ModelWeights w = ModelWeights.read(model);
        Map<String, Object> m = describe(w);
        PrintWriter out = spec.commandLine().getOut();
        if (fmt == Format.JSON) {
            out.println(Json.write(m));
        } else {
            for (Map.Entry<String, Object> e : m.entrySet()) {
                out.printf(Locale.ROOT, "%-20s %s%n", e.getKey() + ":", e.getValue());
            }
        }
        out.flush();
        return Main.EXIT_OK;
    }

    static Map<String, Object> describe(ModelWeights w) {
        ClipGeometry g = w.geometry();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("path", w.source().toString());
        m.put("format", w.format());
        m.put("dtype", w.dominantDtype());
        m.put("parameters", w.parameterCount());
        m.put("embed_dim", g.embedDim());
        m.put("image_resolution", g.imageResolution());
        m.put("vision_patch_size", g.visionPatchSize());
        m.put("vision_width", g.visionWidth());
        m.put("vision_layers", g.visionLayers());
        m.put("vision_heads", g.visionHeads());
        m.put("context_length", g.contextLength());
        m.put("vocab_size", g.vocabSize());
        m.put("transformer_width", g.transformerWidth());
        m.put("transformer_layers", g.transformerLayers());
        m.put("transformer_heads", g.transformerHeads());
        m.put("fusion", w.fusionKind() == null ? "none (meanP at inference)" : w.fusionKind());
        m.put("fusion_tensors", w.fusion().size());
        if (!w.config().isEmpty()) {
            m.put("config", w.config());
        }
        return m;
    }
}
