package dev.actionclip.formats;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.actionclip.testsupport.Hostile;
import java.nio.file.Path;

/**
 * Fuzzes the TorchScript archive reader: the input is {@code data.pkl}, wrapped in a valid TorchScript archive
 * (code/, constants.pkl with one tensor, storages {@code data/0..2}); the module tree is walked into state-dict
 * names and every tensor is read. Seeds: {@code TorchScriptFuzzTestInputs/torchScriptPickle/} ({@link SeedCorpus}).
 */
class TorchScriptFuzzTest {
    @FuzzTest(maxDuration = "10m")
    @DictionaryEntries({"__torch__.model", "__torch__", "training", "torch._utils", "_rebuild_tensor_v2", "torch",
            "FloatStorage", "torch.jit._pickle", "build_intlist", "storage", "cpu", "collections", "OrderedDict"})
    void torchScriptPickle(byte[] input) {
        Path file = Hostile.file("torchscript/fuzz.pt", FuzzInputs.torchScript(input));
        FuzzInputs.namesFile(Hostile.check("TorchScriptArchive.read", input.length, () -> {
            TorchScriptArchive a = TorchScriptArchive.read(file);
            a.rootClass().length();
            FuzzInputs.touch(a.tensors().values());
            FuzzInputs.touch(a.constants());
        }, CheckpointFormatException.class), file);
    }
}
