package dev.actionclip.formats;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.actionclip.formats.pickle.TorchRules;
import dev.actionclip.formats.pickle.Unpickler;
import dev.actionclip.testsupport.Hostile;
import java.nio.ByteBuffer;
import java.nio.file.Path;

/**
 * Fuzzes the restricted unpickler, the torch whitelist (TorchRules) and the tensor linking after it. The input is
 * the pickle itself; the harness wraps it in a valid torch.save archive (storages {@code data/0..2}) so no CRC
 * stands between the fuzzer and the interpreter, and reads it as {@link TorchCheckpoint} does, then reads every
 * tensor the tree holds. Seeds: {@code UnpicklerFuzzTestInputs/torchSavePickle/} ({@link SeedCorpus}).
 */
class UnpicklerFuzzTest {
    @FuzzTest(maxDuration = "10m")
    @DictionaryEntries({"torch._utils", "collections", "OrderedDict", "torch", "FloatStorage", "HalfStorage",
            "LongStorage", "UntypedStorage", "storage", "cpu", "_rebuild_tensor_v2", "_rebuild_from_type_v2",
            "torch._tensor", "_rebuild_parameter", "numpy.core.multiarray", "scalar", "numpy", "dtype", "_codecs",
            "encode", "argparse", "Namespace", "builtins", "set", "torch.Size", "torch.device", "model_state_dict"})
    void torchSavePickle(byte[] input) {
        Path file = Hostile.file("unpickler/fuzz.pt", FuzzInputs.torchSave(input));
        FuzzInputs.namesFile(Hostile.check("TorchCheckpoint.read", input.length, () -> {
            TorchCheckpoint c = TorchCheckpoint.read(file);
            FuzzInputs.touch(FuzzInputs.tensorsIn(c.root()));
            try {
                FuzzInputs.touch(c.stateDict().values());
            } catch (CheckpointFormatException noStateDict) {
                FuzzInputs.namesFile(noStateDict, file);
            }
        }, CheckpointFormatException.class), file);
        // the interpreter alone, with TorchScript's wider whitelist
        FuzzInputs.namesFile(Hostile.check("Unpickler.load", input.length,
                () -> Unpickler.load(file, "fuzz.pkl", ByteBuffer.wrap(input), new TorchRules(file, true)),
                CheckpointFormatException.class), file);
    }
}
