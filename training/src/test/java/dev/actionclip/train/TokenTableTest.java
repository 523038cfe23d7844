package dev.actionclip.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.actionclip.torch.Tensors;
import java.util.List;
import org.bytedeco.pytorch.Tensor;
import org.junit.jupiter.api.Test;

class TokenTableTest {
    @Test
    void gathersTheRowOfEachTemplateAndClass() {
        List<String> templates = List.of("a video of {}", "{} in action");
        // a fake tokenizer: length of the text, first char, padded to 3
        TokenTable table = TokenTable.build(2, List.of("run", "swim", "jump"),
                (t, name) -> templates.get(t).replace("{}", name),
                s -> new long[] {s.length(), s.charAt(0), 0});
        try (Tensor ids = table.tokens(new int[] {1, 0}, new long[] {2, 1})) {
            assertArrayEquals(new long[] {2, 3}, Tensors.shape(ids));
            assertArrayEquals(new long[] {"jump in action".length(), 'j', 0, "a video of swim".length(), 'a', 0},
                    Tensors.toLongArray(ids));
        }
        assertThrows(IllegalArgumentException.class, () -> table.tokens(new int[] {2}, new long[] {0}));
        assertThrows(IllegalArgumentException.class, () -> TokenTable.build(1, List.of("a", "bb"),
                (t, n) -> n, s -> new long[s.length()]));
    }
}
