package dev.actionclip.formats;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;

/** Recognises a weights file or folder by its content (not its extension) and reads its tensors. */
public final class Checkpoints {
    /** Pickle protocol 2 + LONG1 of torch's legacy magic number 0x1950a86a20f9469cfc6c. */
    private static final byte[] LEGACY_MAGIC = {(byte) 0x80, 0x02, (byte) 0x8a, 0x0a, 0x6c, (byte) 0xfc, (byte) 0x9c, 0x46};

    private Checkpoints() {
    }

    /**
     * The format of {@code path}. Errors ({@link CheckpointFormatException} naming the path): missing, a
     * folder without weights, a zero-byte file, a legacy (pre-1.6) torch.save file, a zip that is truncated or
     * corrupt or has no pickle, anything else.
     */
    public static CheckpointFormat detect(Path path) {
        if (Files.isDirectory(path)) {
            return detectFolder(path);
        }
        if (!Files.isRegularFile(path)) {
            throw new CheckpointFormatException(path, "no such file or folder");
        }
        byte[] head = new byte[16];
        int n;
        long size;
        try (InputStream in = Files.newInputStream(path)) {
            size = Files.size(path);
            n = in.readNBytes(head, 0, head.length);
        } catch (IOException e) {
            throw new CheckpointFormatException(path, "cannot read: " + e.getMessage(), e);
        }
        if (size == 0) {
            throw new CheckpointFormatException(path, "empty file (0 bytes)");
        }
        if (n >= 4 && head[0] == 'P' && head[1] == 'K' && head[2] == 3 && head[3] == 4) {
            return detectZip(path);
        }
        if (startsWith(head, n, LEGACY_MAGIC)) {
            throw new CheckpointFormatException(path, "legacy torch.save format is not supported; re-save with torch>=1.6");
        }
        if (n >= 9) {
            long headerLen = ByteBuffer.wrap(head).order(ByteOrder.LITTLE_ENDIAN).getLong(0);
            if (head[8] == '{' && headerLen > 1 && headerLen <= size - 8) {
                return CheckpointFormat.SAFETENSORS;
            }
        }
        throw new CheckpointFormatException(path, "not a PyTorch checkpoint (zip), TorchScript archive or safetensors file"
                + (n >= 2 && (head[0] & 0xff) == 0x80 ? " (a bare pickle? only torch.save zip archives are read)" : ""));
    }

    private static boolean startsWith(byte[] head, int n, byte[] prefix) {
        if (n < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (head[i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    private static CheckpointFormat detectZip(Path path) {
        try (ZipArchive zip = ZipArchive.open(path)) {
            String root = zip.root();
            if (!zip.contains(root + "data.pkl")) {
                throw new CheckpointFormatException(path, "a zip file but not a PyTorch archive (no <root>/data.pkl)");
            }
            // TorchScript archives carry their compiled code and constants next to data.pkl
            if (zip.contains(root + "constants.pkl") || zip.entries().keySet().stream().anyMatch(e -> e.startsWith(root + "code/"))) {
                return CheckpointFormat.OPENAI_TORCHSCRIPT;
            }
            return CheckpointFormat.TORCH_SAVE;
        }
    }

    private static CheckpointFormat detectFolder(Path dir) {
        boolean config = Files.isRegularFile(dir.resolve("config.json"));
        boolean safetensors;
        boolean bin;
        try (Stream<Path> s = Files.list(dir)) {
            var names = s.map(p -> p.getFileName().toString()).toList();
            safetensors = names.stream().anyMatch(x -> x.endsWith(".safetensors") || x.endsWith(".safetensors.index.json"));
            bin = names.stream().anyMatch(x -> x.endsWith(".bin") || x.endsWith(".pt") || x.endsWith(".pth"));
        } catch (IOException e) {
            throw new CheckpointFormatException(dir, "cannot list folder: " + e.getMessage(), e);
        }
        if (config && safetensors) {
            return CheckpointFormat.HF_FOLDER;
        }
        if (safetensors) {
            throw new CheckpointFormatException(dir, "folder has safetensors weights but no config.json");
        }
        if (bin) {
            throw new CheckpointFormatException(dir, "folder has no *.safetensors weights (only .bin/.pt files: "
                    + "pass the file itself, or convert the folder to safetensors)");
        }
        throw new CheckpointFormatException(dir, "folder contains no weights (expected config.json and *.safetensors)");
    }

    /**
     * All tensors of a weights file or folder, in the naming of its format: a state dict for torch.save and
     * TorchScript files (OpenAI names), the file's own names for safetensors (Hugging Face names for HF folders).
     */
    public static Map<String, TensorData> readTensors(Path path) {
        switch (detect(path)) {
            case OPENAI_TORCHSCRIPT: return TorchScriptArchive.read(path).tensors();
            case TORCH_SAVE: return TorchCheckpoint.read(path).stateDict();
            case SAFETENSORS: return SafeTensors.open(path).tensors();
            default: return SafeTensors.openFolder(path).tensors();
        }
    }
}
