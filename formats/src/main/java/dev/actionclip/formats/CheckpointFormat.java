package dev.actionclip.formats;

/** The kinds of weight files {@link Checkpoints#detect(java.nio.file.Path)} recognises. */
public enum CheckpointFormat {
    /** A TorchScript zip like OpenAI's released {@code ViT-B-32.pt}: read with {@link TorchScriptArchive}. */
    OPENAI_TORCHSCRIPT,
    /** A {@code torch.save} zip (state dict or training checkpoint): read with {@link TorchCheckpoint}. */
    TORCH_SAVE,
    /** A single {@code .safetensors} file: read with {@link SafeTensors#open}. */
    SAFETENSORS,
    /** A Hugging Face model folder ({@code config.json} + safetensors): read with {@link SafeTensors#openFolder}. */
    HF_FOLDER
}
