package dev.actionclip.formats.pickle;

import dev.actionclip.formats.DType;

/**
 * A tensor as the pickle describes it, before its storage bytes are attached: which storage (by archive key),
 * element offset, shape and strides. {@link TorchPickle#link} turns these into {@code TensorData} once the
 * tensor's name (its path in the object tree) is known, so errors can name it.
 */
public record TensorRef(StorageRef storage, long offset, long[] shape, long[] strides) {
    /** Readable in error messages (a record prints its arrays as identity hashes). */
    @Override
    public String toString() {
        return "tensor(storage " + storage.key() + ", offset " + offset + ", shape " + java.util.Arrays.toString(shape)
                + ", strides " + java.util.Arrays.toString(strides) + ")";
    }

    /** A storage persistent id: {@code ('storage', torch.HalfStorage, key, location, numel)}. */
    public record StorageRef(DType dtype, String key, String location, long numel) {
    }
}
