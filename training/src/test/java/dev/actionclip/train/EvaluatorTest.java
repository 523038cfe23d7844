package dev.actionclip.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.actionclip.formats.Csv;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EvaluatorTest {
    @TempDir
    Path tmp;

    // 6 classes so that top-5 differs from "all classes"
    private static final float[][] PROBS = {
        {0.9f, 0.02f, 0.02f, 0.02f, 0.02f, 0.02f}, // true 0, predicted 0
        {0.1f, 0.5f, 0.1f, 0.1f, 0.1f, 0.1f},      // true 1, predicted 1
        {0.6f, 0.3f, 0.05f, 0.02f, 0.02f, 0.01f},  // true 1, predicted 0 (rank 2)
        {0.01f, 0.3f, 0.2f, 0.19f, 0.18f, 0.12f},  // true 0, predicted 1 (rank 6: outside top-5)
        {0.1f, 0.1f, 0.1f, 0.1f, 0.1f, 0.5f},      // true 5, predicted 5
    };
    private static final int[] LABELS = {0, 1, 1, 0, 5};

    @Test
    void topKAndMeanClassAccuracy() {
        Evaluator.Result r = Evaluator.evaluate(PROBS, LABELS);
        assertEquals(5, r.samples());
        assertEquals(3 / 5.0, r.top1(), 1e-12);
        assertEquals(4 / 5.0, r.top5(), 1e-12);
        assertEquals((0.5 + 0.5 + 1.0) / 3, r.meanClassAcc(), 1e-12); // classes 2-4 never occur
        assertArrayEquals(new long[] {1, 1, 0, 0, 0, 0}, r.confusion()[0]);
        assertArrayEquals(new long[] {1, 1, 0, 0, 0, 0}, r.confusion()[1]);
        assertArrayEquals(new long[] {0, 0, 0, 0, 0, 1}, r.confusion()[5]);
    }

    @Test
    void rejectsBadInput() {
        assertThrows(IllegalArgumentException.class, () -> Evaluator.evaluate(PROBS, new int[] {0}));
        assertThrows(IllegalArgumentException.class, () -> Evaluator.evaluate(new float[][] {{1f, 0f}}, new int[] {2}));
    }

    @Test
    void writesConfusionCsvWithHeader() throws Exception {
        Path f = tmp.resolve("out/confusion.csv");
        long[][] m = {{2, 1}, {0, 3}};
        Evaluator.writeConfusionCsv(f, m, List.of("jump", "say \"hi\", wave"));
        List<String> lines = Files.readAllLines(f);
        assertEquals(List.of("true\\predicted,jump,\"say \"\"hi\"\", wave\"", "jump,2,1", "\"say \"\"hi\"\", wave\",0,3"),
                lines);
        assertThrows(IllegalArgumentException.class, () -> Evaluator.writeConfusionCsv(f, m, List.of("a")));
    }

    @Test
    void confusionCsvReadsBackWithHostileNames() throws Exception {
        Path f = tmp.resolve("hostile.csv");
        List<String> names = List.of(" leading", "two\nlines", "a,\"b\"");
        Evaluator.writeConfusionCsv(f, new long[][] {{1, 0, 0}, {0, 2, 0}, {0, 0, 3}}, names);
        List<Csv.Row> rows = Csv.readAll(f);
        assertEquals(List.of("true\\predicted", " leading", "two\nlines", "a,\"b\""), rows.get(0).fields());
        assertEquals(List.of("two\nlines", "0", "2", "0"), rows.get(2).fields());
        assertEquals(List.of("a,\"b\"", "0", "0", "3"), rows.get(3).fields());
    }
}
