package dev.actionclip.train;

import dev.actionclip.formats.Json;
import dev.actionclip.formats.SafeTensors;
import dev.actionclip.formats.TensorData;
import dev.actionclip.torch.Tensors;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;
import org.bytedeco.pytorch.Tensor;

/**
 * A training checkpoint in a folder: {@code model-<step>.safetensors} (weights), {@code optimizer-<step>.safetensors}
 * (AdamW state) and {@code checkpoint.json}, which names those two files and holds the config, the position
 * (epoch, step in epoch, global step) and the schedule. Every file is written to a temporary name and renamed;
 * the JSON goes last, so a run killed mid-write leaves the previous JSON pointing at the previous, complete pair.
 * Readers load only the files the JSON names.
 *
 * @param epoch       epoch to continue in (0-based)
 * @param stepInEpoch optimizer steps already done in that epoch
 * @param globalStep  optimizer steps done in total
 */
public record Checkpoint(TrainConfig config, int epoch, int stepInEpoch, long globalStep, String weightsFile,
                         String optimizerFile, Map<String, Object> extra) {
    public static final String JSON = "checkpoint.json";
    public static final String FORMAT = "actionclip-train-checkpoint";
    public static final int VERSION = 1;

    /** Writes weights, optimizer state, then the JSON; removes the files of the checkpoint it replaces. */
    public static Checkpoint write(Path dir, TrainConfig config, int epoch, int stepInEpoch, long globalStep,
                                   TrainableModel model, AdamW optimizer, Map<String, Object> extra) throws IOException {
        Files.createDirectories(dir);
        Checkpoint previous = Files.exists(dir.resolve(JSON)) ? read(dir) : null;
        String tag = String.format("%08d", globalStep);
        String weights = "model-" + tag + ".safetensors";
        String opt = "optimizer-" + tag + ".safetensors";
        Map<String, TensorData> w = new LinkedHashMap<>();
        for (Map.Entry<String, Tensor> e : model.stateDict().entrySet()) {
            w.put(e.getKey(), Tensors.toData(e.getKey(), e.getValue()));
        }
        Map<String, String> meta = Map.of("format", FORMAT, "global_step", Long.toString(globalStep));
        SafeTensors.write(dir.resolve(weights), w, meta);
        SafeTensors.write(dir.resolve(opt), optimizer.stateData(), meta);
        Checkpoint c = new Checkpoint(config, epoch, stepInEpoch, globalStep, weights, opt,
                extra == null ? Map.of() : extra);
        writeAtomically(dir.resolve(JSON), Json.write(c.toJson()));
        if (previous != null) {
            deleteIfOther(dir, previous.weightsFile, weights);
            deleteIfOther(dir, previous.optimizerFile, opt);
        }
        return c;
    }

    private static void deleteIfOther(Path dir, String name, String keep) throws IOException {
        if (!name.equals(keep)) {
            Files.deleteIfExists(dir.resolve(name));
        }
    }

    static void writeAtomically(Path target, String text) throws IOException {
        Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
        Files.writeString(tmp, text, StandardCharsets.UTF_8);
        try {
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    public Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("format", FORMAT);
        m.put("version", VERSION);
        m.put("epoch", epoch);
        m.put("step_in_epoch", stepInEpoch);
        m.put("global_step", globalStep);
        m.put("weights", weightsFile);
        m.put("optimizer", optimizerFile);
        // data order, template choice and dropout are derived from (seed, epoch, step): the seed is the RNG state
        m.put("rng", Map.of("kind", "derived-from-seed-epoch-step", "seed", config.seed()));
        m.put("config", config.toJson());
        m.put("extra", extra);
        return m;
    }

    /** Reads {@code dir/checkpoint.json}. */
    @SuppressWarnings("unchecked")
    public static Checkpoint read(Path dir) throws IOException {
        Path json = dir.resolve(JSON);
        if (!Files.exists(json)) {
            throw new IOException("no checkpoint: " + json + " does not exist");
        }
        Map<String, Object> m;
        try {
            m = Json.parseObject(Files.readString(json, StandardCharsets.UTF_8));
        } catch (RuntimeException e) {
            throw new IOException(json + ": not valid JSON: " + e.getMessage(), e);
        }
        if (!FORMAT.equals(m.get("format"))) {
            throw new IOException(json + ": not a training checkpoint (format " + m.get("format") + ")");
        }
        try {
            TrainConfig cfg = TrainConfig.fromJson((Map<String, Object>) m.get("config"));
            Object extra = m.get("extra");
            return new Checkpoint(cfg, ((Number) m.get("epoch")).intValue(), ((Number) m.get("step_in_epoch")).intValue(),
                    ((Number) m.get("global_step")).longValue(), (String) m.get("weights"), (String) m.get("optimizer"),
                    extra == null ? Map.of() : (Map<String, Object>) extra);
        } catch (RuntimeException e) {
            throw new IOException(json + ": bad checkpoint field: " + e, e);
        }
    }

    /** Loads the weights and optimizer state this checkpoint names into {@code model} and {@code optimizer}. */
    public void restore(Path dir, TrainableModel model, AdamW optimizer) {
        SafeTensors w = SafeTensors.open(dir.resolve(weightsFile));
        model.loadStateDict(w.tensors());
        SafeTensors o = SafeTensors.open(dir.resolve(optimizerFile));
        optimizer.loadStateData(o.tensors());
    }
}
