package dev.actionclip.bench;

import dev.actionclip.clip.ClipGeometry;
import dev.actionclip.clip.ClipModel;
import dev.actionclip.temporal.FusionHead;
import dev.actionclip.temporal.FusionHeads;
import dev.actionclip.torch.DeviceSpec;
import dev.actionclip.torch.Tensors;
import dev.actionclip.torch.Torch;
import java.util.Locale;
import java.util.SplittableRandom;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Device;
import org.bytedeco.pytorch.InferenceMode;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import org.bytedeco.pytorch.global.torch.ScalarType;

/**
 * GPU vs CPU feature parity on a small random ActionCLIP (the {@code tiny} CLIP preset and a Transf fusion head):
 * the same weights and inputs run on the CPU and on {@code cuda:N} in float32, and the video and text features must
 * agree within a relative tolerance. TF32 is switched off for the GPU run (cuDNN convolutions default to it, which
 * alone costs about 1e-3), so the comparison is float32 against float32. Usage: {@code GpuParity [device=cuda]
 * [tolerance=1e-3]} ({@code cpu} compares the CPU with itself). Exit status 0 on parity; a mismatch, or CUDA not usable here, ends it with an exception saying which (status 1).
 */
public final class GpuParity {
    private GpuParity() {
    }

    public static void main(String[] args) {
        DeviceSpec spec = DeviceSpec.parse(args.length > 0 ? args[0] : "cuda");
        double tolerance = args.length > 1 ? Double.parseDouble(args[1]) : 1e-3;
        Torch.init(2);
        // "cpu" runs the same path against itself: a smoke test of this tool on machines without a GPU
        String why = spec.cuda() ? Torch.cudaUnavailableReason() : null;
        if (why != null) {
            // a tool does not exit its JVM (it may run inside another); the uncaught exception ends it with status 1
            throw new IllegalStateException("gpu-parity: a GPU is present but LibTorch cannot use it: " + why);
        }
        Device gpu = Torch.device(spec);
        torch.globalContext().setAllowTF32CuDNN(false);
        torch.globalContext().setFloat32MatmulPrecision("highest");
        torch.manual_seed(7);
        ClipGeometry g = ClipGeometry.preset("tiny");
        int frames = 8;
        int r = g.imageResolution();
        String kind = FusionHeads.kind("Transf");
        double worst;
        try (ClipModel clip = new ClipModel(g);
             FusionHead head = FusionHeads.create(kind, g.embedDim(), FusionHeads.defaultHeads(kind,
                     g.transformerWidth()), 2, frames);
             PointerScope scope = new PointerScope();
             InferenceMode guard = new InferenceMode()) {
            clip.eval();
            head.module().eval();
            Tensor videos = torch.randn(new long[] {2, frames, 3, r, r});
            Tensor tokens = randomTokens(g, 3, 12);
            float[] cpuVideo = Tensors.toFloatArray(video(clip, head, videos));
            float[] cpuText = Tensors.toFloatArray(clip.encodeText(tokens));
            clip.to(gpu, ScalarType.Float);
            head.module().to(gpu, false);
            float[] gpuVideo = Tensors.toFloatArray(video(clip, head, videos.to(gpu, ScalarType.Float)));
            float[] gpuText = Tensors.toFloatArray(clip.encodeText(tokens.to(gpu, ScalarType.Long)));
            double v = relative(cpuVideo, gpuVideo);
            double t = relative(cpuText, gpuText);
            worst = Math.max(v, t);
            System.out.printf(Locale.ROOT, "gpu-parity: %s vs cpu, float32, tiny CLIP + Transf head: video features "
                    + "%.2e, text features %.2e relative (max |gpu - cpu| / max |cpu|), tolerance %.0e%n", spec, v, t,
                    tolerance);
        }
        if (!(worst <= tolerance)) { // NaN fails too
            throw new IllegalStateException("gpu-parity: FAILED: GPU and CPU features differ by " + worst
                    + " relative, more than " + tolerance);
        }
        System.out.println("gpu-parity: ok");
    }

    private static Tensor video(ClipModel clip, FusionHead head, Tensor videos) {
        long[] s = Tensors.shape(videos);
        int r = clip.geometry().imageResolution();
        Tensor frames = clip.encodeImage(videos.reshape(s[0] * s[1], 3, r, r));
        return head.forward(frames.reshape(s[0], s[1], -1));
    }

    /** SOT, random ids, EOT (the largest id, where encode_text reads), padding. */
    private static Tensor randomTokens(ClipGeometry g, int n, int length) {
        SplittableRandom rng = new SplittableRandom(3);
        long[] ids = new long[n * length];
        int vocab = g.vocabSize();
        for (int i = 0; i < n; i++) {
            int eot = 3 + i;
            ids[i * length] = vocab - 2;
            for (int j = 1; j < eot; j++) {
                ids[i * length + j] = rng.nextInt(vocab - 2);
            }
            ids[i * length + eot] = vocab - 1;
        }
        return Tensors.of(ids, n, length);
    }

    private static double relative(float[] want, float[] got) {
        double diff = 0;
        double scale = 0;
        for (int i = 0; i < want.length; i++) {
            diff = Math.max(diff, Math.abs(want[i] - got[i]));
            scale = Math.max(scale, Math.abs(want[i]));
        }
        return diff / Math.max(scale, 1e-30);
    }
}
