package dev.actionclip.formats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.actionclip.formats.Pickler.Global;
import dev.actionclip.formats.Pickler.NewObj;
import dev.actionclip.formats.Pickler.Tuple;
import dev.actionclip.formats.pickle.TorchRules;
import dev.actionclip.formats.pickle.Unpickler;
import dev.actionclip.testsupport.Hostile;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile checkpoints built by recipe ({@link CraftedInputs}, {@link Pickler}): each must be refused with a clear
 * {@link CheckpointFormatException} naming the file and what is wrong, in under 5 s and without allocating more
 * than the budget — the zip bombs in particular without inflating anything.
 */
class CraftedInputsTest {
    private static final long FIVE_SECONDS = 5_000;
    private static final long BUDGET = 64L << 20;

    @TempDir
    static Path tmp;
    private static Path storageBomb;

    @BeforeAll
    static void build() throws IOException {
        storageBomb = CraftedInputs.storageBomb(tmp.resolve("bomb.pt"), 1024);
    }

    private static CheckpointFormatException refused(Path file, Hostile.Body read, String... fragments) {
        Throwable t = Hostile.check(file.getFileName().toString(), FIVE_SECONDS, BUDGET, read,
                CheckpointFormatException.class);
        CheckpointFormatException e = assertInstanceOf(CheckpointFormatException.class, t, "accepted " + file);
        assertEquals(file, e.file());
        for (String f : fragments) {
            assertTrue(e.getMessage().contains(f), "'" + f + "' not in: " + e.getMessage());
        }
        return e;
    }

    @Test
    void theStorageBombIsARealOneGigabyteEntryInAOneMegabyteFile() throws IOException {
        assertTrue(Files.size(storageBomb) < 1_100_000, "file is " + Files.size(storageBomb) + " bytes");
        try (ZipFile z = new ZipFile(storageBomb.toFile())) {
            ZipEntry e = z.getEntry("bomb/data/0");
            assertEquals(1L << 30, e.getSize());
            long n = 0;
            byte[] buf = new byte[1 << 16];
            try (InputStream in = z.getInputStream(e)) { // streamed, and the JDK checks the CRC at the end
                for (int r; (r = in.read(buf)) > 0; ) {
                    n += r;
                }
            }
            assertEquals(1L << 30, n);
        }
    }

    @Test
    void aStorageThatWouldInflateBeyondWhatThePickleDeclaresIsRefusedWithoutInflating() {
        refused(storageBomb, () -> TorchCheckpoint.read(storageBomb),
                "tensor 'w'", "bomb/data/0", "would inflate to 1073741824 bytes", "4 F32 elements (16 bytes)", "zip bomb");
        refused(storageBomb, () -> Checkpoints.readTensors(storageBomb), "bomb/data/0", "1073741824");
    }

    @Test
    void aPickleThatWouldInflateBeyondTheCapIsRefusedWithoutInflating() throws IOException {
        Path bomb = CraftedInputs.pickleBomb(tmp.resolve("pickle-bomb.pt"), 1024);
        refused(bomb, () -> TorchCheckpoint.read(bomb), "bomb/data.pkl", "1073741824",
                "at most " + TorchCheckpoint.MAX_PICKLE_BYTES);
    }

    @Test
    void safetensorsShapesAndOffsetsThatOverflow() throws IOException {
        Path shape = safetensors("shape.safetensors",
                "{\"w\":{\"dtype\":\"F32\",\"shape\":[4611686018427387904,4],\"data_offsets\":[0,0]}}");
        refused(shape, () -> SafeTensors.open(shape), "tensor 'w'", "more bytes than a file can hold");
        Path negative = safetensors("negative.safetensors",
                "{\"w\":{\"dtype\":\"U8\",\"shape\":[-1,-4],\"data_offsets\":[0,4]}}");
        refused(negative, () -> SafeTensors.open(negative), "tensor 'w'", "negative dimension");
        Path offsets = safetensors("offsets.safetensors",
                "{\"w\":{\"dtype\":\"U8\",\"shape\":[4],\"data_offsets\":[9223372036854775803,9223372036854775807]}}");
        refused(offsets, () -> SafeTensors.open(offsets), "truncated: tensor 'w'");
        Path cyclicDtype = safetensors("dtype.safetensors", "{\"w\":{\"dtype\":[[[[{\"a\":1}]]]],\"shape\":[],"
                + "\"data_offsets\":[0,1]}}");
        refused(cyclicDtype, () -> SafeTensors.open(cyclicDtype), "unsupported dtype [[[[{\"a\":1}]]]]");
        Path overlap = safetensors("overlap.safetensors", "{\"a\":{\"dtype\":\"U8\",\"shape\":[4],\"data_offsets\":[0,4]},"
                + "\"b\":{\"dtype\":\"U8\",\"shape\":[4],\"data_offsets\":[2,6]}}");
        refused(overlap, () -> SafeTensors.open(overlap), "overlap tensor");
    }

    private static Path safetensors(String name, String header) throws IOException {
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(8 + h.length + 8).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(h.length).put(h);
        return Files.write(tmp.resolve(name), b.array());
    }

    @Test
    void zip64RecordsWithNegativeSizes() throws IOException {
        Map<String, byte[]> e = new LinkedHashMap<>();
        e.put("data.pkl", Pickler.dumps(SeedCorpus.stateDict(), 2));
        e.putAll(FuzzInputs.storages("data/"));
        byte[] good = Files.readAllBytes(PickleBytes.zip64(tmp.resolve("z64.pt"), "z64", e));
        // the zip64 end record's central directory size (8 bytes at +40 from its signature): -1
        byte[] bad = good.clone();
        int z64 = lastIndexOf(bad, new byte[] {0x50, 0x4b, 0x06, 0x06});
        ByteBuffer.wrap(bad).order(ByteOrder.LITTLE_ENDIAN).putLong(z64 + 40, -1L);
        Path file = Files.write(tmp.resolve("z64-negative.pt"), bad);
        refused(file, () -> Checkpoints.readTensors(file), "negative");
        // an entry's zip64 extra field (compressed size, then offset): -16 and -1
        byte[] bad2 = good.clone();
        int cd = indexOf(bad2, new byte[] {0x50, 0x4b, 0x01, 0x02});
        int nameLen = ByteBuffer.wrap(bad2).order(ByteOrder.LITTLE_ENDIAN).getShort(cd + 28);
        ByteBuffer.wrap(bad2).order(ByteOrder.LITTLE_ENDIAN).putLong(cd + 46 + nameLen + 4 + 8, -16L)
                .putLong(cd + 46 + nameLen + 4 + 16, -1L);
        Path file2 = Files.write(tmp.resolve("z64-negative-entry.pt"), bad2);
        refused(file2, () -> Checkpoints.readTensors(file2), "negative size or offset");
    }

    private static int indexOf(byte[] a, byte[] sig) {
        outer:
        for (int i = 0; i + sig.length <= a.length; i++) {
            for (int k = 0; k < sig.length; k++) {
                if (a[i + k] != sig[k]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new AssertionError("signature not found");
    }

    private static int lastIndexOf(byte[] a, byte[] sig) {
        for (int i = a.length - sig.length; i >= 0; i--) {
            if (java.util.Arrays.equals(a, i, i + sig.length, sig, 0, sig.length)) {
                return i;
            }
        }
        throw new AssertionError("signature not found");
    }

    private static Object unpickle(Path file, byte[] pickle, boolean torchScript) {
        return Unpickler.load(file, "crafted.pkl", ByteBuffer.wrap(pickle), new TorchRules(file, torchScript));
    }

    @Test
    void aTensorSubclassRebuiltFromItselfIsRefusedNotRecursedInto() {
        // L = [G, None, L] through the memo, then G(*L): _rebuild_from_type_v2 would call itself forever
        byte[] pickle = new PickleBytes().op(0x80, 2).global("torch._tensor", "_rebuild_from_type_v2").op('q', 0)
                .op(']').op('q', 1).op('(').op('h', 0).op('N').op('h', 1).op('e').op('R').op('.').bytes();
        Path file = tmp.resolve("self-rebuild.pkl");
        refused(file, () -> unpickle(file, pickle, false), "_rebuild_from_type_v2 nested in itself");
    }

    @Test
    void aDictUsedAsAKeyIsNotPrintedWhole() {
        // D = {"x": [D]}, then {D: None}: printing D as a key would recurse forever
        byte[] pickle = new PickleBytes().op(0x80, 2).op('}').op('q', 0).op(']').op('q', 1).op('h', 0).op('a')
                .op('0').str("x").op('h', 1).op('s').op('0').op('}').op('h', 0).op('N').op('s').op('.').bytes();
        Path file = tmp.resolve("dict-key.pkl");
        Object[] root = new Object[1];
        assertNull(Hostile.check("dict key", FIVE_SECONDS, BUDGET, () -> root[0] = unpickle(file, pickle, false)));
        assertEquals(java.util.Set.of("{...}"), ((Map<?, ?>) root[0]).keySet());
    }

    @Test
    void stackAndIntegerCaps() {
        byte[] nones = new byte[2 + (1 << 20) + 1 + 1]; // PROTO 2, one None more than the cap, STOP
        java.util.Arrays.fill(nones, (byte) 'N');
        nones[0] = (byte) 0x80;
        nones[1] = 2;
        nones[nones.length - 1] = '.';
        Path file = tmp.resolve("stack.pkl");
        refused(file, () -> unpickle(file, nones, false), "more than 1048576 objects on the pickle stack");
        ByteBuffer big = ByteBuffer.allocate(2 + 5 + 5000 + 1).order(ByteOrder.LITTLE_ENDIAN);
        big.put((byte) 0x80).put((byte) 2).put((byte) 0x8b).putInt(5000).put(new byte[5000]).put((byte) '.');
        refused(file, () -> unpickle(file, big.array(), false), "integer of 5000 bytes");
    }

    /** Fuzzing found it (UnpicklerFuzzTestInputs/torchSavePickle/crash-empty-tensor-offset-beyond-storage). */
    @Test
    void anEmptyViewMustStillStartInsideItsStorage() {
        ByteBuffer storage = ByteBuffer.allocate(64);
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> new TensorData("t", DType.F32, new long[] {0, 5}, new long[] {5, 1}, 45, storage));
        assertTrue(e.getMessage().contains("empty tensor at storage offset 45 beyond its storage of 16 F32"), e.getMessage());
        assertEquals(0, new TensorData("t", DType.F32, new long[] {0, 5}, new long[] {5, 1}, 16, storage)
                .toContiguousBytes().remaining());
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> new TensorData("t", DType.F32, new long[] {4}, new long[] {1}, -2, storage));
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> new TensorData("t", DType.F32, new long[] {2, 2}, new long[] {Long.MAX_VALUE, 1}, 0, storage));
    }

    @Test
    void torchScriptAttributeNamesAreBounded() throws IOException {
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("k".repeat(5000), Pickler.tensor(Pickler.storage("FloatStorage", "0", 16), 16));
        byte[] pickle = Pickler.dumps(new NewObj(new Global("__torch__.model", "M"), Tuple.of(), state), 2);
        Path file = Files.write(tmp.resolve("long-name.pt"), FuzzInputs.torchScript(pickle));
        refused(file, () -> TorchScriptArchive.read(file), "attribute name longer than 4096 characters");
    }
}
