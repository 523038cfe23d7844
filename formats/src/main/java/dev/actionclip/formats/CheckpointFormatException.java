package dev.actionclip.formats;

import java.nio.file.Path;

/** A checkpoint or tensor file that cannot be read: truncated, corrupt, unsupported or unsafe. */
public class CheckpointFormatException extends RuntimeException {
    private final Path file;

    public CheckpointFormatException(Path file, String reason) {
        super(file + ": " + reason);
        this.file = file;
    }

    public CheckpointFormatException(Path file, String reason, Throwable cause) {
        super(file + ": " + reason, cause);
        this.file = file;
    }

    public Path file() {
        return file;
    }
}
