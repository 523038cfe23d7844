package dev.actionclip.formats.pickle;

import dev.actionclip.formats.CheckpointFormatException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The unpickler against bytes CPython's own pickle wrote (generated offline; no Python needed here). */
class UnpicklerTest {
    /*
     * pickle.dumps({'epoch': 3, 'neg': -70000, 'big': 2**70, 'lr': 5e-05, 'flags': (True, False, None),
     *   'name': 'ViT-B/32 é中', 'raw': b'\x00\x01\xff', 1: [1, 2, 3], 'set': {7}, 'fs': frozenset([8]),
     *   'od': collections.OrderedDict([('a', 1)]), 'nested': {'k': [[], [[]]]}}, protocol=N)
     */
    private static final String PROTOCOL_2 = "80027d710028580500000065706f636871014b0358030000006e656771024a90eefeff58030000"
            + "0062696771038a0900000000000000004058020000006c727104473f0a36e2eb1c432d5805000000666c616773710588894e87"
            + "710658040000006e616d657107580e0000005669542d422f333220c3a9e4b8ad710858030000007261777109635f636f646563"
            + "730a656e636f64650a710a58040000000001c3bf710b58060000006c6174696e31710c86710d52710e4b015d710f284b014b02"
            + "4b036558030000007365747110635f5f6275696c74696e5f5f0a7365740a71115d71124b0761857113527114580200000066"
            + "737115635f5f6275696c74696e5f5f0a66726f7a656e7365740a71165d71174b086185711852711958020000006f64711a6363"
            + "6f6c6c656374696f6e730a4f726465726564446963740a711b2952711c580100000061711d4b017358060000006e6573746564"
            + "711e7d711f58010000006b71205d7121285d71225d71235d7124616573752e";
    private static final String PROTOCOL_5 = "800595d4000000000000007d94288c0565706f6368944b038c036e6567944a90eefeff8c0362"
            + "6967948a090000000000000000408c026c7294473f0a36e2eb1c432d8c05666c6167739488894e87948c046e616d65948c0e56"
            + "69542d422f333220c3a9e4b8ad948c037261779443030001ff944b015d94284b014b024b03658c03736574948f94284b07908c"
            + "02667394284b0891948c026f64948c0b636f6c6c656374696f6e73948c0b4f726465726564446963749493942952948c016194"
            + "4b01738c066e6573746564947d948c016b945d94285d945d945d94616573752e";

    private static Object load(byte[] bytes) {
        return Unpickler.load(Path.of("test.pkl"), "test.pkl", ByteBuffer.wrap(bytes), new TorchRules(Path.of("test.pkl"), false));
    }

    @ParameterizedTest
    @ValueSource(strings = {PROTOCOL_2, PROTOCOL_5})
    void readsWhatCPythonWrites(String hex) {
        Map<?, ?> m = (Map<?, ?>) load(HexFormat.of().parseHex(hex));
        assertEquals(3L, m.get("epoch"));
        assertEquals(-70000L, m.get("neg"));
        assertEquals(BigInteger.TWO.pow(70), m.get("big"));
        assertEquals(5e-05, m.get("lr"));
        assertEquals(java.util.Arrays.asList(true, false, null), m.get("flags"));
        assertEquals("ViT-B/32 é中", m.get("name"));
        assertArrayEquals(new byte[] {0, 1, (byte) 0xff}, (byte[]) m.get("raw"));
        assertEquals(List.of(1L, 2L, 3L), m.get("1"));
        assertEquals(List.of(7L), m.get("set"));
        assertEquals(List.of(8L), m.get("fs"));
        assertEquals(Map.of("a", 1L), m.get("od"));
        assertEquals(Map.of("k", List.of(List.of(), List.of(List.of()))), m.get("nested"));
        assertNull(((List<?>) m.get("flags")).get(2));
    }

    @Test
    void truncatedAnywhereIsAnErrorNotACrash() {
        byte[] full = HexFormat.of().parseHex(PROTOCOL_5);
        for (int n = 0; n < full.length - 1; n++) {
            byte[] cut = java.util.Arrays.copyOf(full, n);
            CheckpointFormatException e = assertThrows(CheckpointFormatException.class, () -> load(cut), "cut at " + n);
            assertTrue(e.getMessage().contains("test.pkl"), e.getMessage());
        }
    }

    @Test
    void everySingleByteCorruptionIsHandled() {
        byte[] full = HexFormat.of().parseHex(PROTOCOL_2);
        for (int i = 0; i < full.length; i++) {
            byte[] bad = full.clone();
            bad[i] ^= 0x5a;
            try {
                load(bad);
            } catch (CheckpointFormatException expected) {
                // any clear refusal is fine; other exceptions fail the test
            }
        }
    }
}
