package dev.actionclip.train;

import dev.actionclip.torch.Tensors;
import org.bytedeco.pytorch.Device;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.ScalarTypeOptional;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import org.bytedeco.pytorch.global.torch.ScalarType;

/**
 * ActionCLIP's video-text contrastive loss. With {@code v}, {@code t} the L2-normalised video and text embeddings
 * of a batch (text j is the prompt of sample j's label) and {@code s = exp(logit_scale)}:
 * <pre>
 *   logits_per_video = s · v tᵀ   [B,B],   logits_per_text = its transpose
 *   ground_truth[i][j] = 1 if label_i == label_j else 0        (several positives per row)
 *   KL(logits) = KLDiv_mean(log_softmax(logits, 1), softmax(10 · ground_truth, 1)) · B
 *   loss = (KL(logits_per_video) + KL(logits_per_text)) / 2
 * </pre>
 * where {@code KLDiv_mean} averages {@code target · (log target − input)} over all B² elements, as
 * {@code nn.KLDivLoss(size_average=True, reduce=True)} does. Differentiable through LibTorch autograd.
 */
public final class ActionClipLoss {
    /** ActionCLIP multiplies the 0/1 ground truth by this before its softmax. */
    public static final double LABEL_SHARPNESS = 10.0;
    private static final long REDUCTION_MEAN = 1; // at::Reduction::Mean

    private ActionClipLoss() {
    }

    /**
     * The scalar loss.
     *
     * @param video      [B,D] video embeddings (not necessarily normalised)
     * @param text       [B,D] text embeddings, row j for sample j
     * @param logitScale scalar log of the logit scale (CLIP's {@code logit_scale} parameter)
     * @param labels     B class ids
     */
    public static Tensor loss(Tensor video, Tensor text, Tensor logitScale, long[] labels) {
        long b = labels.length;
        long[] vs = Tensors.shape(video);
        long[] ts = Tensors.shape(text);
        if (vs.length != 2 || ts.length != 2 || vs[0] != b || ts[0] != b || vs[1] != ts[1]) {
            throw new IllegalArgumentException("loss wants video [B,D] and text [B,D] with B = " + b + " labels, got "
                    + java.util.Arrays.toString(vs) + " and " + java.util.Arrays.toString(ts));
        }
        Tensor v = normalize(video);
        Tensor t = normalize(text);
        Tensor logitsPerVideo = logitScale.exp().mul(v.matmul(t.t()));
        Tensor logitsPerText = logitsPerVideo.t();
        Tensor target = groundTruth(labels, logitsPerVideo.device());
        Tensor lv = klLoss(logitsPerVideo, target);
        Tensor lt = klLoss(logitsPerText, target);
        return lv.add(lt).div(new Scalar(2.0));
    }

    /**
     * Cross-entropy of each video against every class prompt (X-CLIP's training objective):
     * {@code mean_i −log softmax(s · v_i Cᵀ)[label_i]} with {@code C} the [K,D] class embeddings, row c for class c.
     */
    public static Tensor labelLoss(Tensor video, Tensor classes, Tensor logitScale, long[] labels) {
        long b = labels.length;
        long[] vs = Tensors.shape(video);
        long[] cs = Tensors.shape(classes);
        if (vs.length != 2 || cs.length != 2 || vs[0] != b || vs[1] != cs[1]) {
            throw new IllegalArgumentException("label loss wants video [B,D] and classes [K,D] with B = " + b
                    + " labels, got " + java.util.Arrays.toString(vs) + " and " + java.util.Arrays.toString(cs));
        }
        int k = Math.toIntExact(cs[0]);
        float[] oneHot = new float[Math.toIntExact(b) * k];
        for (int i = 0; i < b; i++) {
            if (labels[i] < 0 || labels[i] >= k) {
                throw new IllegalArgumentException("label " + labels[i] + " of sample " + i + " is not among the "
                        + k + " classes");
            }
            oneHot[i * k + (int) labels[i]] = 1f;
        }
        Tensor logits = logitScale.exp().mul(normalize(video).matmul(normalize(classes).t()));
        Tensor logProbs = torch.log_softmax(logits, 1);
        Tensor target = Tensors.of(oneHot, b, k).to(logProbs.device(), ScalarType.Float);
        return logProbs.mul(target).sum().div(new Scalar(-(double) b));
    }

    /** ActionCLIP's {@code KLLoss}: mean-reduced KL divergence times the batch size. */
    public static Tensor klLoss(Tensor logits, Tensor groundTruth) {
        long b = logits.size(0);
        Tensor logProbs = torch.log_softmax(logits, 1);
        Tensor targetProbs = torch.softmax(groundTruth.mul(new Scalar(LABEL_SHARPNESS)), 1);
        return torch.kl_div(logProbs, targetProbs, REDUCTION_MEAN, false).mul(new Scalar((double) b));
    }

    /** [B,B] float32, 1 where the two samples share a label (ActionCLIP's {@code gen_label}). */
    public static Tensor groundTruth(long[] labels) {
        int b = labels.length;
        float[] gt = new float[b * b];
        for (int i = 0; i < b; i++) {
            for (int j = 0; j < b; j++) {
                gt[i * b + j] = labels[i] == labels[j] ? 1f : 0f;
            }
        }
        return Tensors.of(gt, b, b);
    }

    /**
     * {@link #groundTruth(long[])} made on {@code device}: only the B labels cross from the host, the [B,B] matrix is
     * computed where the logits are.
     */
    public static Tensor groundTruth(long[] labels, Device device) {
        Tensor y = Tensors.of(labels, labels.length).to(device, ScalarType.Long);
        return y.unsqueeze(1).eq(y.unsqueeze(0)).to(ScalarType.Float);
    }

    /** x / ‖x‖₂ along the last dimension, like CLIP's {@code x / x.norm(dim=-1, keepdim=True)}. */
    static Tensor normalize(Tensor x) {
        Tensor norm = torch.linalg_vector_norm(x, new Scalar(2.0), new long[] {-1}, true, new ScalarTypeOptional());
        return x.div(norm);
    }
}
