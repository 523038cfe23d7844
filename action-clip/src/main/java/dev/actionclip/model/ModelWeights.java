package dev.actionclip.model;

import dev.actionclip.clip.ClipGeometry;
import dev.actionclip.clip.HuggingFaceClip;
import dev.actionclip.clip.StateDicts;
import dev.actionclip.formats.CheckpointFormat;
import dev.actionclip.formats.CheckpointFormatException;
import dev.actionclip.formats.Checkpoints;
import dev.actionclip.formats.Json;
import dev.actionclip.formats.SafeTensors;
import dev.actionclip.formats.TensorData;
import dev.actionclip.formats.TorchCheckpoint;
import dev.actionclip.formats.TorchScriptArchive;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Every checkpoint a user has, reduced to the same three things: CLIP's state dict under OpenAI's names, the
 * temporal fusion head's state dict (empty when the file has none), and the geometry. Formats: OpenAI
 * TorchScript archives, {@code torch.save} state dicts (plain, {@code module.}-prefixed, open_clip's
 * {@code state_dict}), ActionCLIP training checkpoints, Hugging Face folders, bare safetensors files and this
 * project's own trained checkpoints (a folder with {@code checkpoint.json}).
 *
 * @param format      what was detected, for {@code info}
 * @param clip        CLIP tensors, OpenAI names
 * @param fusion      fusion head tensors without {@code module.} prefixes (may be empty)
 * @param fusionKind  the head's kind when the file says or its keys show it, else null
 * @param geometry    CLIP geometry from config.json or inferred from the weights
 * @param config      extra settings from a trained checkpoint's JSON (tokenizer, frames...), may be empty
 */
public record ModelWeights(Path source, String format, Map<String, TensorData> clip, Map<String, TensorData> fusion,
                           String fusionKind, ClipGeometry geometry, Map<String, Object> config) {

    /** The file name of this project's trained checkpoints' description. */
    public static final String CHECKPOINT_JSON = "checkpoint.json";
    /** The checkpoint folder inside a training run folder. */
    public static final String RUN_CHECKPOINT = "checkpoint";
    /** Prefix of fusion tensors inside this project's own weights files. */
    public static final String FUSION_PREFIX = "fusion.";

    public static ModelWeights read(Path path) {
        if (Files.isDirectory(path) && Files.isRegularFile(path.resolve(CHECKPOINT_JSON))) {
            return readTrained(path);
        }
        // a training run folder: its latest checkpoint
        if (Files.isDirectory(path) && Files.isRegularFile(path.resolve(RUN_CHECKPOINT).resolve(CHECKPOINT_JSON))) {
            return readTrained(path.resolve(RUN_CHECKPOINT));
        }
        CheckpointFormat format = Checkpoints.detect(path);
        switch (format) {
            case OPENAI_TORCHSCRIPT: {
                Map<String, TensorData> sd = TorchScriptArchive.read(path).tensors();
                return openAi(path, "OpenAI TorchScript archive", sd, Map.of(), Map.of());
            }
            case TORCH_SAVE:
                return readTorchSave(path);
            case HF_FOLDER: {
                ClipGeometry g = HuggingFaceClip.readConfig(path);
                Map<String, TensorData> sd = HuggingFaceClip.toOpenAi(SafeTensors.openFolder(path).tensors(), path);
                return new ModelWeights(path, "Hugging Face CLIPModel folder", sd, Map.of(), null, g, Map.of());
            }
            case SAFETENSORS: {
                Map<String, TensorData> sd = SafeTensors.open(path).tensors();
                if (sd.keySet().stream().anyMatch(k -> k.startsWith("vision_model."))) {
                    Path folder = path.toAbsolutePath().getParent();
                    if (!Files.isRegularFile(folder.resolve("config.json"))) {
                        throw new CheckpointFormatException(path, "Hugging Face tensor names but no config.json beside the file");
                    }
                    return new ModelWeights(path, "Hugging Face safetensors", HuggingFaceClip.toOpenAi(sd, path), Map.of(),
                            null, HuggingFaceClip.readConfig(folder), Map.of());
                }
                return split(path, "safetensors state dict", sd, Map.of());
            }
            default:
                throw new CheckpointFormatException(path, "unsupported format " + format);
        }
    }

    private static ModelWeights readTorchSave(Path path) {
        TorchCheckpoint ck = TorchCheckpoint.read(path);
        Map<String, Object> root = ck.root() instanceof Map ? ck.rootMap() : Map.of();
        if (root.containsKey("model_state_dict")) {
            Map<String, TensorData> clip = StateDicts.stripPrefix(ck.tensorsUnder("model_state_dict"), "module.");
            Map<String, TensorData> fusion = root.containsKey("fusion_model_state_dict")
                    ? StateDicts.stripPrefix(ck.tensorsUnder("fusion_model_state_dict"), "module.") : Map.of();
            Map<String, Object> cfg = new LinkedHashMap<>();
            if (root.get("epoch") != null) {
                cfg.put("epoch", root.get("epoch"));
            }
            return openAi(path, "ActionCLIP checkpoint", clip, fusion, cfg);
        }
        return split(path, "torch.save state dict", StateDicts.stripPrefix(ck.stateDict(), "module."), Map.of());
    }

    /** A single state dict that may hold fusion tensors under {@code fusion.}. */
    private static ModelWeights split(Path path, String format, Map<String, TensorData> all, Map<String, Object> cfg) {
        Map<String, TensorData> clip = new LinkedHashMap<>();
        Map<String, TensorData> fusion = new LinkedHashMap<>();
        for (Map.Entry<String, TensorData> e : all.entrySet()) {
            if (e.getKey().startsWith(FUSION_PREFIX)) {
                String k = e.getKey().substring(FUSION_PREFIX.length());
                fusion.put(k, e.getValue().renamed(k));
            } else {
                clip.put(e.getKey(), e.getValue());
            }
        }
        return openAi(path, format, clip, fusion, cfg);
    }

    private static ModelWeights openAi(Path path, String format, Map<String, TensorData> clip,
                                       Map<String, TensorData> fusion, Map<String, Object> cfg) {
        ClipGeometry g = ClipGeometry.fromStateDict(clip, path);
        return new ModelWeights(path, format, clip, fusion, FusionKinds.detect(fusion), g, cfg);
    }

    @SuppressWarnings("unchecked")
    private static ModelWeights readTrained(Path dir) {
        Path json = dir.resolve(CHECKPOINT_JSON);
        Map<String, Object> cfg;
        try {
            cfg = Json.parseObject(Files.readString(json));
        } catch (IOException | IllegalArgumentException e) {
            throw new CheckpointFormatException(json, "cannot read: " + e.getMessage(), e);
        }
        Object weights = cfg.getOrDefault("weights", "model.safetensors");
        Path file = dir.resolve(String.valueOf(weights));
        if (!Files.isRegularFile(file)) {
            throw new CheckpointFormatException(json, "names weights file " + weights + " which does not exist");
        }
        ModelWeights w = split(file, "action-clip trained checkpoint", SafeTensors.open(file).tensors(), cfg);
        Map<String, Object> train = cfg.get("config") instanceof Map ? (Map<String, Object>) cfg.get("config") : Map.of();
        CheckpointExtras extra = CheckpointExtras.of(cfg);
        String kind = train.get("fusion_kind") instanceof String ? (String) train.get("fusion_kind") : w.fusionKind();
        ClipGeometry g = w.geometry();
        // heads cannot be read off the weights; a model trained from a preset records them
        if (extra.visionHeads() != null && extra.textHeads() != null) {
            g = g.withHeads(extra.visionHeads(), extra.textHeads());
        }
        return new ModelWeights(dir, w.format(), w.clip(), w.fusion(), kind, g, cfg);
    }

    /** What the checkpoint records besides its tensors (tokenizer, head counts); {@link CheckpointExtras#NONE} if nothing. */
    public CheckpointExtras extras() {
        return CheckpointExtras.of(config);
    }

    /** Number of parameters (elements) of the CLIP and fusion tensors. */
    public long parameterCount() {
        long n = 0;
        for (TensorData t : clip.values()) {
            n += t.numel();
        }
        for (TensorData t : fusion.values()) {
            n += t.numel();
        }
        return n;
    }

    /** The element type most CLIP tensors use (for {@code info}). */
    public String dominantDtype() {
        Map<String, Long> count = new LinkedHashMap<>();
        for (TensorData t : clip.values()) {
            count.merge(t.dtype().name(), t.numel(), Long::sum);
        }
        return count.entrySet().stream().max(Map.Entry.comparingByValue()).map(Map.Entry::getKey).orElse("none");
    }
}
