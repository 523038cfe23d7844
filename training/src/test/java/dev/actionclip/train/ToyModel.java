package dev.actionclip.train;

import dev.actionclip.formats.TensorData;
import dev.actionclip.torch.Tensors;
import java.util.LinkedHashMap;
import java.util.Map;
import org.bytedeco.pytorch.DropoutImpl;
import org.bytedeco.pytorch.EmbeddingImpl;
import org.bytedeco.pytorch.LinearImpl;
import org.bytedeco.pytorch.Module;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.ScalarTypeOptional;
import org.bytedeco.pytorch.StringTensorDict;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;

/** Two tiny "towers" (a per-frame Linear, a token Embedding) and a mean-then-Linear "fusion", with dropout. */
final class ToyModel extends Module implements TrainableModel {
    final LinearImpl image;
    final EmbeddingImpl text;
    final DropoutImpl dropout;
    final LinearImpl fusion;
    final Tensor logitScale;
    /** Scalar type of the last video embedding (to see whether autocast took effect). */
    volatile String lastVideoType;
    /** Devices of the last inputs and of the device the model was last moved to ("cpu", "cuda:0"). */
    volatile String lastVideoDevice;
    volatile String lastTokenDevice;
    volatile String movedTo;
    private Map<String, Tensor> all;

    ToyModel(int pixels, int vocab, int dim, long seed) {
        this(pixels, vocab, dim, seed, 0.1);
    }

    ToyModel(int pixels, int vocab, int dim, long seed, double dropoutP) {
        torch.manual_seed(seed);
        image = register_module("image", new LinearImpl(pixels, dim));
        text = register_module("text", new EmbeddingImpl(vocab, dim));
        dropout = register_module("dropout", new DropoutImpl(dropoutP));
        fusion = register_module("fusion", new LinearImpl(dim, dim));
        // an owning handle: register_parameter returns a view into the module's parameter list
        logitScale = new Tensor(register_parameter("logit_scale", Tensors.of(new float[] {(float) Math.log(1 / 0.07)})));
    }

    /**
     * Every parameter by name, each with an owning handle: {@code d.get(i).value()} points into the dict's item, and
     * the dict is freed by the garbage collector once unreachable; a kept view of it crashed the optimizer.
     */
    private Map<String, Tensor> all() {
        if (all == null) {
            Map<String, Tensor> out = new LinkedHashMap<>();
            StringTensorDict d = named_parameters();
            for (long i = 0; i < d.size(); i++) {
                out.put(d.get(i).key().getString(), new Tensor(d.get(i).value()));
            }
            all = out;
        }
        return all;
    }

    private Map<String, Tensor> params(String prefix) {
        Map<String, Tensor> out = new LinkedHashMap<>();
        for (Map.Entry<String, Tensor> e : all().entrySet()) {
            if (e.getKey().startsWith(prefix)) {
                out.put(e.getKey(), e.getValue());
            }
        }
        return out;
    }

    @Override
    public Map<String, Tensor> imageParameters() {
        return params("image.");
    }

    @Override
    public Map<String, Tensor> textParameters() {
        Map<String, Tensor> m = params("text.");
        m.put("logit_scale", logitScale);
        return m;
    }

    @Override
    public Map<String, Tensor> fusionParameters() {
        return params("fusion.");
    }

    @Override
    public Tensor encodeVideo(Tensor videos) {
        lastVideoDevice = videos.device().str().getString();
        Tensor frames = image.forward(videos.flatten(2, -1)); // [B,T,D]
        Tensor pooled = torch.mean(frames, new long[] {1}, false, new ScalarTypeOptional());
        Tensor out = fusion.forward(dropout.forward(pooled));
        lastVideoType = out.scalar_type().intern().toString();
        return out;
    }

    @Override
    public Tensor encodeText(Tensor tokenIds) {
        lastTokenDevice = tokenIds.device().str().getString();
        return torch.mean(text.forward(tokenIds), new long[] {1}, false, new ScalarTypeOptional());
    }

    @Override
    public void moveTo(org.bytedeco.pytorch.Device device) {
        movedTo = device.str().getString();
        to(device, false);
    }

    @Override
    public Tensor logitScale() {
        return logitScale;
    }

    @Override
    public Map<String, Tensor> stateDict() {
        return params("");
    }

    @Override
    public void loadStateDict(Map<String, TensorData> weights) {
        Map<String, Tensor> own = stateDict();
        if (!own.keySet().equals(weights.keySet())) {
            throw new IllegalArgumentException("state dict names differ: " + own.keySet() + " vs " + weights.keySet());
        }
        try (NoGradGuard g = new NoGradGuard()) {
            for (Map.Entry<String, Tensor> e : own.entrySet()) {
                try (Tensor src = Tensors.fromData(weights.get(e.getKey()))) {
                    e.getValue().copy_(src);
                }
            }
        }
    }
}
