package dev.actionclip.formats;

import dev.actionclip.testsupport.SharedFiles;
import dev.actionclip.formats.pickle.TorchRules;
import dev.actionclip.formats.pickle.Unpickler;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Hostile, truncated and corrupt inputs: every one must be a CheckpointFormatException naming the file. */
class CheckpointBadInputTest {
    @TempDir
    Path tmp;

    private static CheckpointFormatException fails(Path file, Runnable r, String... fragments) {
        CheckpointFormatException e = assertThrows(CheckpointFormatException.class, r::run);
        assertEquals(file, e.file());
        assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
        for (String f : fragments) {
            assertTrue(e.getMessage().contains(f), "'" + f + "' not in: " + e.getMessage());
        }
        return e;
    }

    private static Map<String, byte[]> entries(Object... kv) {
        Map<String, byte[]> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], (byte[]) kv[i + 1]);
        }
        return m;
    }

    private Object unpickle(Path file, byte[] pickle) {
        return Unpickler.load(file, "test.pkl", ByteBuffer.wrap(pickle), new TorchRules(file, false));
    }

    @Test
    void readsAHandWrittenStateDict() throws IOException {
        byte[] storage = new byte[8];
        storage[1] = 0x3c; // 1.0 in float16, little-endian
        Path file = PickleBytes.zip(tmp.resolve("ok.pt"), "whatever", entries(
                "data.pkl", PickleBytes.oneTensorStateDict("w", "0", 4, 4), "data/0", storage, "version", "3\n".getBytes()));
        Map<String, TensorData> sd = TorchCheckpoint.read(file).stateDict();
        assertArrayEquals(new float[] {1, 0, 0, 0}, sd.get("w").toFloatArray());
    }

    @Test
    void readsZip64ArchivesAndRootlessOnes() throws IOException {
        byte[] storage = new byte[8];
        storage[3] = (byte) 0xc0; // -2.0 in float16 at element 1
        Map<String, byte[]> e = entries("data.pkl", PickleBytes.oneTensorStateDict("w", "0", 4, 4), "data/0", storage);
        Path z64 = PickleBytes.zip64(tmp.resolve("big.pt"), "big", e);
        assertArrayEquals(new float[] {0, -2, 0, 0}, TorchCheckpoint.read(z64).stateDict().get("w").toFloatArray());
        Path flat = PickleBytes.zip(tmp.resolve("flat.pt"), "", e);
        assertEquals(-2f, TorchCheckpoint.read(flat).stateDict().get("w").toFloatArray()[1]);
    }

    @Test
    void refusesGlobalOsSystem() throws IOException {
        byte[] pickle = new PickleBytes().op(0x80, 2).global("os", "system").str("echo pwned").op(0x85).op('R').op('.').bytes();
        Path file = tmp.resolve("evil.pkl");
        fails(file, () -> unpickle(file, pickle), "refusing to load: the pickle asks for global 'os.system'; "
                + "only tensors, dicts, lists and numbers are allowed");
        Path zip = PickleBytes.zip(tmp.resolve("evil.pt"), "evil", entries("data.pkl", pickle, "version", "3\n".getBytes()));
        fails(zip, () -> TorchCheckpoint.read(zip), "'os.system'");
    }

    @Test
    void refusesStackGlobal() {
        byte[] pickle = new PickleBytes().op(0x80, 4).shortStr("builtins").shortStr("eval").op(0x93)
                .shortStr("1+1").op(0x85).op('R').op('.').bytes();
        Path file = tmp.resolve("evil4.pkl");
        fails(file, () -> unpickle(file, pickle), "global 'builtins.eval'");
        byte[] popen = new PickleBytes().op(0x80, 4).shortStr("subprocess").shortStr("Popen").op(0x93).op('.').bytes();
        fails(file, () -> unpickle(file, popen), "global 'subprocess.Popen'");
    }

    @Test
    void refusesTorchScriptClassesInPlainCheckpoints() {
        byte[] pickle = new PickleBytes().op(0x80, 2).global("__torch__.evil", "Module").op(')').op(0x81).op('.').bytes();
        Path file = tmp.resolve("ts.pkl");
        fails(file, () -> unpickle(file, pickle), "'__torch__.evil.Module'");
    }

    @Test
    void unknownOpcodeNamesTheByteOffset() {
        Path file = tmp.resolve("odd.pkl");
        byte[] pickle = new PickleBytes().op(0x80, 2).op(']').op(0xff).op('.').bytes();
        fails(file, () -> unpickle(file, pickle), "at byte 3", "0xff");
        byte[] noStop = new PickleBytes().op(0x80, 2).op(']').bytes();
        fails(file, () -> unpickle(file, noStop), "without STOP");
        byte[] hugeString = new PickleBytes().op(0x80, 2).op('X', 0xff, 0xff, 0xff, 0x7f).ascii("abc").bytes();
        fails(file, () -> unpickle(file, hugeString), "exceeds");
    }

    @Test
    void deepNestingNeitherOverflowsNorLoops() throws IOException {
        int depth = 100_000;
        PickleBytes p = new PickleBytes().op(0x80, 2);
        for (int i = 0; i < depth; i++) {
            p.op(']');
        }
        for (int i = 1; i < depth; i++) {
            p.op('a');
        }
        byte[] nested = p.op('.').bytes();
        Path file = PickleBytes.zip(tmp.resolve("deep.pt"), "deep", entries("data.pkl", nested));
        assertInstanceOf(List.class, TorchCheckpoint.read(file).root());
        // a list that contains itself, through the memo
        byte[] cyclic = new PickleBytes().op(0x80, 2).op(']').op('q', 0).op('h', 0).op('a').op('.').bytes();
        Path cyc = PickleBytes.zip(tmp.resolve("cycle.pt"), "cycle", entries("data.pkl", cyclic));
        List<?> l = (List<?>) TorchCheckpoint.read(cyc).root();
        assertTrue(l.get(0) == l);
    }

    @Test
    void zeroByteFile() throws IOException {
        Path file = Files.createFile(tmp.resolve("empty.pt"));
        fails(file, () -> TorchCheckpoint.read(file), "empty file");
        fails(file, () -> Checkpoints.detect(file), "empty file");
    }

    @Test
    void truncatedStateFile() throws IOException {
        Path src = SharedFiles.resolve("actionclip.fixtures", "fixtures/model").resolve("tiny-clip-openai-state.pt");
        assumeTrue(Files.exists(src) || SharedFiles.inCi(), "fixture absent: " + src);
        byte[] all = Files.readAllBytes(src);
        Path file = Files.write(tmp.resolve("half.pt"), Arrays.copyOf(all, all.length / 2));
        fails(file, () -> TorchCheckpoint.read(file), "truncated or corrupt");
        fails(file, () -> Checkpoints.detect(file), "truncated or corrupt");
    }

    @Test
    void corruptDataPkl() throws IOException {
        Path file = PickleBytes.zip(tmp.resolve("corrupt.pt"), "corrupt", entries(
                "data.pkl", "this is not a pickle".getBytes(), "version", "3\n".getBytes()));
        fails(file, () -> TorchCheckpoint.read(file), "corrupt pickle corrupt/data.pkl at byte");
    }

    @Test
    void missingStorageEntry() throws IOException {
        Path file = PickleBytes.zip(tmp.resolve("nostorage.pt"), "nostorage", entries(
                "data.pkl", PickleBytes.oneTensorStateDict("visual.proj", "7", 4, 4)));
        fails(file, () -> TorchCheckpoint.read(file), "tensor 'visual.proj'", "nostorage/data/7", "missing");
    }

    @Test
    void tensorLargerThanItsStorage() throws IOException {
        Path file = PickleBytes.zip(tmp.resolve("short.pt"), "short", entries(
                "data.pkl", PickleBytes.oneTensorStateDict("ln_final.weight", "0", 4, 100), "data/0", new byte[8]));
        fails(file, () -> TorchCheckpoint.read(file), "tensor 'ln_final.weight'");
        Path lying = PickleBytes.zip(tmp.resolve("lying.pt"), "lying", entries(
                "data.pkl", PickleBytes.oneTensorStateDict("w", "0", 40, 4), "data/0", new byte[8]));
        fails(lying, () -> TorchCheckpoint.read(lying), "tensor 'w'", "40");
    }

    @Test
    void otherBadFiles() throws IOException {
        Path legacy = Files.write(tmp.resolve("legacy.pt"), new byte[] {(byte) 0x80, 2, (byte) 0x8a, 10, 0x6c,
                (byte) 0xfc, (byte) 0x9c, 0x46, (byte) 0xf9, 0x20, 0x6a, (byte) 0xa8, 0x50, 0x19, '.'});
        fails(legacy, () -> TorchCheckpoint.read(legacy), "legacy torch.save format is not supported; re-save with torch>=1.6");
        Path text = Files.writeString(tmp.resolve("notes.pt"), "hello, I am not a checkpoint");
        fails(text, () -> Checkpoints.detect(text), "not a PyTorch checkpoint");
        Path zip = PickleBytes.zip(tmp.resolve("other.zip"), "docs", entries("readme.txt", "hi".getBytes()));
        fails(zip, () -> Checkpoints.detect(zip), "no <root>/data.pkl");
        Path folder = Files.createDirectory(tmp.resolve("model"));
        Files.writeString(folder.resolve("config.json"), "{}");
        fails(folder, () -> Checkpoints.detect(folder), "no weights");
        Path missing = tmp.resolve("absent.pt");
        fails(missing, () -> Checkpoints.detect(missing), "no such file");
    }

    @Test
    void numpyScalarsAndProtocol2Bytes() {
        // numpy.core.multiarray.scalar(numpy.dtype('f8'), _codecs.encode('\x00...\xf0?', 'latin1')) == 1.0
        byte[] pickle = new PickleBytes().op(0x80, 2).global("numpy.core.multiarray", "scalar")
                .global("numpy", "dtype").str("f8").op(0x89).op(0x88).op(0x87).op('R')
                .op('(').small(3).str("<").op('N', 'N', 'N').op('J', 0xff, 0xff, 0xff, 0xff).op('J', 0xff, 0xff, 0xff, 0xff).small(0).op('t').op('b')
                .global("_codecs", "encode").str("\u0000\u0000\u0000\u0000\u0000\u0000\u00f0?").str("latin1").op(0x86).op('R')
                .op(0x86).op('R').op('.').bytes();
        assertEquals(1.0, unpickle(tmp.resolve("np.pkl"), pickle));
    }

    @Test
    void everyTruncationOrByteFlipOfASmallArchiveIsACleanError() throws IOException {
        Path good = PickleBytes.zip(tmp.resolve("good.pt"), "good", entries(
                "data.pkl", PickleBytes.oneTensorStateDict("w", "0", 4, 4), "data/0", new byte[8], "version", "3\n".getBytes()));
        byte[] all = Files.readAllBytes(good);
        Path bad = tmp.resolve("bad.pt");
        for (int i = 0; i < all.length; i += 3) {
            Files.write(bad, Arrays.copyOf(all, i));
            assertThrows(CheckpointFormatException.class, () -> TorchCheckpoint.read(bad), "cut at " + i);
            byte[] flipped = all.clone();
            flipped[i] ^= (byte) 0xa5;
            Files.write(bad, flipped);
            try {
                TorchCheckpoint.read(bad).root();
            } catch (CheckpointFormatException expected) {
                // refusing is fine; any other exception type fails the test
            }
        }
    }
}
