package dev.actionclip.cli;

import dev.actionclip.api.ActionRecognizer;
import dev.actionclip.model.ActionClipModel;
import dev.actionclip.model.ModelLoader;
import dev.actionclip.model.ModelOptions;
import java.nio.file.Path;
import dev.actionclip.torch.CpuFeatures;
import dev.actionclip.torch.DeviceSpec;
import dev.actionclip.torch.Precision;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/** The options every command that runs a model shares. */
public final class ModelMixin {
    @Option(names = "--model", required = true, paramLabel = "PATH",
            description = "Checkpoint: OpenAI .pt, torch.save state dict, ActionCLIP checkpoint, Hugging Face folder, "
                    + ".safetensors, or a folder trained by 'action-clip train'.")
    Path model;

    @Option(names = "--vocab", paramLabel = "FILE",
            description = "BPE vocabulary (bpe_simple_vocab_16e6.txt.gz, or a folder with vocab.json + merges.txt) "
                    + "(default: the one the checkpoint records, else $ACTIONCLIP_VOCAB, else one beside the model, "
                    + "else CLIP's, bundled).")
    Path vocab;

    @Option(names = "--fusion", paramLabel = "KIND",
            description = "Temporal fusion: meanP, Conv_1D, LSTM, Transf, Transf_cls (default: the checkpoint's own, else meanP).")
    String fusion;

    @Option(names = "--device", defaultValue = "cpu", converter = DeviceConverter.class, paramLabel = "DEVICE",
            description = "cpu, cuda or cuda:N (default ${DEFAULT-VALUE}).")
    DeviceSpec device;

    @Option(names = "--dtype", defaultValue = "float32", converter = PrecisionConverter.class, paramLabel = "TYPE",
            description = "float32, bf16, fp16, or auto: bf16 where the CPU multiplies bf16 natively (avx512_bf16 or "
                    + "AMX), else float32. bf16 gave the same top-1 as float32 on every held-out clip of the demo's "
                    + "trained model, but is not bit-exact (default ${DEFAULT-VALUE}: exact).")
    Precision dtype;

    @Option(names = "--threads", defaultValue = "0", paramLabel = "N",
            description = "LibTorch intra-op threads (default: $ACTIONCLIP_THREADS, else all cores).")
    int threads;

    public Path model() {
        return model;
    }

    public ModelOptions options() {
        return new ModelOptions(fusion, vocab, device, dtype, threads);
    }

    public ActionClipModel load() {
        return ModelLoader.load(model, options());
    }

    public ActionRecognizer.Builder recognizer() {
        return ActionRecognizer.builder().model(model).options(options());
    }

    static final class DeviceConverter implements CommandLine.ITypeConverter<DeviceSpec> {
        @Override
        public DeviceSpec convert(String value) {
            return DeviceSpec.parse(value);
        }
    }

    static final class PrecisionConverter implements CommandLine.ITypeConverter<Precision> {
        @Override
        public Precision convert(String value) {
            return "auto".equalsIgnoreCase(value.strip()) ? CpuFeatures.host().autoPrecision() : Precision.parse(value);
        }
    }
}
