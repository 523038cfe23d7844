package dev.actionclip.zeroshot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.actionclip.formats.Json;
import dev.actionclip.formats.SafeTensors;
import dev.actionclip.testsupport.SharedFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ZeroShotScorerTest {
    private static Path fixtures() {
        return SharedFiles.resolve("actionclip.fixtures", "fixtures/model");
    }

    @Test
    @SuppressWarnings("unchecked")
    void matchesActionClipTestScoringOnTheReference() throws Exception {
        Path dir = fixtures();
        assumeTrue(Files.exists(dir.resolve("reference.safetensors")) || SharedFiles.inCi(), "fixture absent: " + dir);
        Map<String, Object> ref = Json.parseObject(Files.readString(dir.resolve("reference.json")));
        List<String> classes = new ArrayList<>((List<String>) ref.get("classes"));
        int templates = ((List<?>) ref.get("templates")).size();
        SafeTensors st = SafeTensors.open(dir.resolve("reference.safetensors"));
        long[] tfShape = st.get("text_features").shape();
        int dim = (int) tfShape[1];
        int prompts = templates * classes.size();
        float[] text = new float[prompts * dim];
        System.arraycopy(st.get("text_features").toFloatArray(), 0, text, 0, text.length);
        ZeroShotScorer scorer = new ZeroShotScorer(new TextBank(classes, templates, dim, text));
        float[] fused = st.get("fused.Transf").toFloatArray();
        float[] expected = st.get("zero_shot_probs").toFloatArray();
        int videos = fused.length / dim;
        double maxErr = 0;
        for (int v = 0; v < videos; v++) {
            float[] one = new float[dim];
            System.arraycopy(fused, v * dim, one, 0, dim);
            float[] p = scorer.score(one);
            for (int l = 0; l < classes.size(); l++) {
                maxErr = Math.max(maxErr, Math.abs(p[l] - expected[v * classes.size() + l]));
            }
        }
        assertEquals(0, maxErr, 1e-5, "max abs error of zero-shot probabilities");
    }

    @Test
    void averagesViewsAndRejectsWrongWidths() {
        TextBank bank = new TextBank(List.of("a", "b"), 1, 2, new float[] {1, 0, 0, 1});
        ZeroShotScorer s = new ZeroShotScorer(bank);
        float[] p = s.score(new float[] {1, 0, 0, 1});
        assertEquals(0.5, p[0], 1e-6);
        assertEquals(0.5, p[1], 1e-6);
        assertThrows(IllegalArgumentException.class, () -> s.score(new float[] {1, 0, 0}));
        assertEquals("a", TopK.of(new float[] {0.7f, 0.3f}, bank.labels(), 1).get(0).label());
    }
}
