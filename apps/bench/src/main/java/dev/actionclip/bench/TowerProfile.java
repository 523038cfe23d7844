package dev.actionclip.bench;

import dev.actionclip.clip.ClipGeometry;
import dev.actionclip.clip.ClipModel;
import dev.actionclip.torch.Torch;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.DoubleOptional;
import org.bytedeco.pytorch.InferenceMode;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.ScalarTypeOptional;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorOptional;
import org.bytedeco.pytorch.global.torch;
import org.bytedeco.pytorch.global.torch.ScalarType;

/**
 * Where the image tower's time goes: each op group of a ViT block (layer norms, the qkv projection, the attention
 * core, the output projection, the MLP's two linears and its QuickGELU, the residual adds) plus the patch embedding,
 * timed alone at the tower's own shapes with random inputs, for float32 and bf16. Each group's row gives its share of
 * the summed time and its GFLOP/s; the last rows compare the sum with the whole tower timed as {@code label} runs it,
 * so the gap (glue: reshapes, copies, dispatch) is visible. Usage:
 * {@code TowerProfile [preset=ViT-B/32] [threads=2] [batch=32] [seconds=3]}.
 */
public final class TowerProfile {
    private TowerProfile() {
    }

    /** One op group: its FLOPs per call and the call, timed over all layers. */
    private record Group(String name, double flopsPerCall, int callsPerFrameBatch, Supplier<Tensor> call) {
    }

    public static void main(String[] args) {
        String preset = args.length > 0 ? args[0] : "ViT-B/32";
        int threads = args.length > 1 ? Integer.parseInt(args[1]) : 2;
        int batch = args.length > 2 ? Integer.parseInt(args[2]) : 32;
        double seconds = args.length > 3 ? Double.parseDouble(args[3]) : 3;
        Torch.init(threads);
        ClipGeometry g = ClipGeometry.preset(preset);
        System.out.printf(Locale.ROOT, "image tower of %s, batch %d frames, %d threads; %s%n", preset, batch,
                torch.get_num_threads(), BlasCore.describe());
        try (InferenceMode mode = new InferenceMode()) {
            for (ScalarType type : new ScalarType[] {ScalarType.Float, ScalarType.BFloat16}) {
                profile(g, batch, seconds, type);
            }
        }
    }

    private static void profile(ClipGeometry g, int n, double seconds, ScalarType type) {
        long w = g.visionWidth();
        long heads = w / ClipGeometry.HEAD_WIDTH;
        long hd = w / heads;
        long p = g.visionPatchSize();
        long l = (long) g.gridSize() * g.gridSize() + 1;
        long hidden = w * g.mlpRatio();
        int layers = g.visionLayers();
        double tokens = (double) n * l;
        Tensor x = randn(type, n, l, w);
        Tensor images = randn(type, n, 3, g.imageResolution(), g.imageResolution());
        Tensor patchW = randn(type, w, 3, p, p);
        Tensor lnW = randn(type, w);
        Tensor lnB = randn(type, w);
        Tensor qkvW = randn(type, 3 * w, w);
        Tensor qkvB = randn(type, 3 * w);
        Tensor outW = randn(type, w, w);
        Tensor outB = randn(type, w);
        Tensor fcW = randn(type, hidden, w);
        Tensor fcB = randn(type, hidden);
        Tensor projW = randn(type, w, hidden);
        Tensor projB = randn(type, w);
        Tensor h = randn(type, n, l, hidden);
        Tensor q = randn(type, n, heads, l, hd);
        Tensor k = randn(type, n, heads, l, hd);
        Tensor v = randn(type, n, heads, l, hd);
        Scalar alpha = new Scalar(1.702);
        List<Group> groups = new ArrayList<>();
        groups.add(new Group("patch embedding (conv1)", 2.0 * n * (l - 1) * 3 * p * p * w, 1,
                () -> torch.conv2d(images, patchW, new TensorOptional(), new long[] {p, p}, new long[] {0, 0},
                        new long[] {1, 1}, 1)));
        // as dev.actionclip.clip.LayerNorm: statistics in float32 whatever the tower's type
        groups.add(new Group("layer norms (2 per block)", 0, 2 * layers, () -> type == ScalarType.Float
                ? torch.layer_norm(x, new long[] {w}, new TensorOptional(lnW), new TensorOptional(lnB), 1e-5, true)
                : torch.layer_norm(x.to(ScalarType.Float), new long[] {w},
                        new TensorOptional(lnW.to(ScalarType.Float)), new TensorOptional(lnB.to(ScalarType.Float)),
                        1e-5, true).to(type)));
        groups.add(new Group("attention: qkv projection", 2.0 * tokens * w * 3 * w, layers,
                () -> torch.linear(x, qkvW, new TensorOptional(qkvB))));
        groups.add(new Group("attention: softmax(QK^T)V", 4.0 * n * heads * l * l * hd, layers,
                () -> torch.scaled_dot_product_attention(q, k, v, new TensorOptional(), 0.0, false,
                        new DoubleOptional(), false)));
        Scalar scale = new Scalar(1.0 / Math.sqrt(hd));
        groups.add(new Group("  (same, as 2 matmuls)", 4.0 * n * heads * l * l * hd, 0,
                () -> torch.softmax(q.matmul(k.transpose(-2, -1)).mul(scale), -1, new ScalarTypeOptional(
                        ScalarType.Float)).to(type).matmul(v)));
        groups.add(new Group("attention: out projection", 2.0 * tokens * w * w, layers,
                () -> torch.linear(x, outW, new TensorOptional(outB))));
        groups.add(new Group("mlp: c_fc", 2.0 * tokens * w * hidden, layers,
                () -> torch.linear(x, fcW, new TensorOptional(fcB))));
        groups.add(new Group("mlp: QuickGELU", 0, layers, () -> h.mul(h.mul(alpha).sigmoid())));
        groups.add(new Group("mlp: c_proj", 2.0 * tokens * hidden * w, layers,
                () -> torch.linear(h, projW, new TensorOptional(projB))));
        groups.add(new Group("residual adds", 0, 2 * layers, () -> x.add(x)));

        System.out.printf(Locale.ROOT, "%n%s%n%-28s %10s %7s %9s%n", type == ScalarType.Float ? "float32" : "bf16",
                "op group", "ms/frame", "share", "GFLOP/s");
        Map<String, Double> perFrameMs = new LinkedHashMap<>();
        double sum = 0;
        for (Group gr : groups) {
            double secondsPerCall = time(seconds / groups.size(), gr.call);
            // an alternative (0 calls per pass) is timed as if it replaced the row above it, and not summed
            double ms = secondsPerCall * Math.max(1, gr.callsPerFrameBatch) / n * 1e3;
            if (gr.callsPerFrameBatch == 0) {
                ms *= layers;
            } else {
                sum += ms;
            }
            perFrameMs.put(gr.name, ms);
        }
        for (Group gr : groups) {
            double ms = perFrameMs.get(gr.name);
            int calls = gr.callsPerFrameBatch == 0 ? layers : gr.callsPerFrameBatch;
            double gflops = gr.flopsPerCall == 0 ? Double.NaN : gr.flopsPerCall * calls / n / (ms / 1e3) / 1e9;
            System.out.printf(Locale.ROOT, "%-28s %10.2f %6.1f%% %9s%n", gr.name, ms, 100 * ms / sum,
                    Double.isNaN(gflops) ? "-" : String.format(Locale.ROOT, "%.0f", gflops));
        }
        double whole;
        try (ClipModel model = new ClipModel(g)) {
            model.eval();
            if (type != ScalarType.Float) {
                model.to(new org.bytedeco.pytorch.Device("cpu"), type);
            }
            Tensor in = randn(type, n, 3, g.imageResolution(), g.imageResolution());
            whole = time(seconds, () -> model.encodeImage(in)) / n * 1e3;
        }
        System.out.printf(Locale.ROOT, "%-28s %10.2f  (%.1f frames/s)%n", "sum of the groups", sum, 1e3 / sum);
        System.out.printf(Locale.ROOT, "%-28s %10.2f  (%.1f frames/s; glue %.1f%%)%n", "whole tower", whole,
                1e3 / whole, 100 * (whole - sum) / whole);
    }

    private static Tensor randn(ScalarType type, long... shape) {
        Tensor t = torch.randn(shape);
        return type == ScalarType.Float ? t : t.to(type);
    }

    /** Seconds per call over at least {@code seconds} and 3 calls, after one warm-up call. */
    static double time(double seconds, Supplier<Tensor> call) {
        try (PointerScope s = new PointerScope()) {
            call.get();
        }
        long start = System.nanoTime();
        int runs = 0;
        while (runs < 3 || System.nanoTime() - start < seconds * 1e9) {
            try (PointerScope s = new PointerScope()) {
                call.get();
            }
            runs++;
        }
        return (System.nanoTime() - start) / 1e9 / runs;
    }
}
