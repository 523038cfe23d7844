package dev.actionclip.bench;

import dev.actionclip.clip.ClipGeometry;
import dev.actionclip.clip.ClipModel;
import dev.actionclip.formats.SafeTensors;
import dev.actionclip.formats.TensorData;
import dev.actionclip.torch.Torch;
import dev.actionclip.torch.Tensors;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.bytedeco.pytorch.StringTensorDict;
import org.bytedeco.pytorch.Tensor;

/**
 * Saves a randomly initialised CLIP of a preset geometry as a safetensors state dict under OpenAI's names, so
 * benchmarks can load a full-size model through the normal checkpoint path without downloading one. Usage:
 * {@code RandomClipWeights PRESET OUT.safetensors} (e.g. {@code ViT-B/32}). The weights mean nothing.
 */
public final class RandomClipWeights {
    private RandomClipWeights() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            // a tool throws rather than exits (only the CLI ends the JVM); the launcher exits with 1
            throw new IllegalArgumentException(
                    "usage: RandomClipWeights PRESET OUT.safetensors   (presets: tiny, ViT-B/32, ViT-B/16, ViT-L/14)");
        }
        Torch.init(1);
        ClipGeometry g = ClipGeometry.preset(args[0]);
        Map<String, TensorData> out = new LinkedHashMap<>();
        try (ClipModel m = new ClipModel(g)) {
            StringTensorDict params = m.named_parameters(true);
            for (long i = 0; i < params.size(); i++) {
                String name = params.get(i).key().getString();
                try (Tensor t = params.get(i).value()) {
                    out.put(name, Tensors.toData(name, t));
                }
            }
        }
        SafeTensors.write(Path.of(args[1]), out, Map.of("note", "random " + args[0] + " weights for benchmarks"));
        System.err.println("wrote " + args[1] + ": random " + args[0] + ", " + out.size() + " tensors");
    }
}
