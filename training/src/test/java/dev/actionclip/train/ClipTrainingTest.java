package dev.actionclip.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.actionclip.clip.ClipGeometry;
import dev.actionclip.datasets.Dataset;
import dev.actionclip.model.ActionClipModel;
import dev.actionclip.train.ClipTrainable;
import dev.actionclip.model.ModelLoader;
import dev.actionclip.model.ModelOptions;
import dev.actionclip.model.ModelWeights;
import dev.actionclip.prompts.ClipTokenizer;
import dev.actionclip.prompts.Templates;
import dev.actionclip.torch.Torch;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.bytedeco.pytorch.global.torch;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real model (CLIP + fusion head, from scratch at 32 px) trained on generated videos. */
class ClipTrainingTest {
    @TempDir
    static Path data;

    @BeforeAll
    static void generate() throws Exception {
        Torch.init(2);
        SynthData.generate(data);
    }

    static ClipGeometry geometry() {
        ClipGeometry p = ClipGeometry.preset("tiny");
        return new ClipGeometry(32, 32, 1, 64, 16, 1, 77, 514, 64, 1, 1, p.mlpRatio(), p.layerNormEps(), true);
    }

    static ClipTrainable model(long seed) {
        torch.manual_seed(seed);
        return ClipTrainable.fromScratch(geometry(), "Transf", 1, ClipTokenizer.bytesOnly(), "bytes");
    }

    static TrainConfig.Builder config() {
        return TrainConfig.builder().epochs(2).batchSize(4).lr(1e-3).fusionRatio(1).warmupSteps(0).frames(4)
                .fusionKind("Transf").seed(5);
    }

    static Trainer trainer(ClipTrainable m, DatasetBatches b, Dataset d, TrainConfig c, Path run) {
        Templates tpl = Templates.actionClip();
        TokenTable tokens = TokenTable.build(tpl.size(), d.labelNames(), (t, name) -> tpl.apply(name).get(t),
                text -> m.tokenizer().tokenize(text, m.geometry().contextLength(), true));
        return Trainer.builder().config(c).model(m).batches(b).textSide(tokens).runDir(run).prefetch(true)
                .checkpointExtra(m.checkpointExtra()).build();
    }

    static DatasetBatches batches(Dataset d, int workers) {
        return DatasetBatches.builder(d).frames(4).resolution(32).augment(DatasetBatches.Augment.CROP)
                .workers(workers).build();
    }

    @Test
    void stateDictNamesAreOpenAiPlusFusion() {
        try (ClipTrainable m = model(1)) {
            Map<String, ?> sd = m.stateDict();
            assertTrue(sd.containsKey("visual.conv1.weight"));
            assertTrue(sd.containsKey("logit_scale"));
            assertTrue(sd.containsKey("fusion.frame_position_embeddings.weight"), sd.keySet().toString());
            assertEquals(sd.size(), m.imageParameters().size() + m.textParameters().size()
                    + m.fusionParameters().size());
            assertTrue(m.textParameters().containsKey("logit_scale"));
        }
    }

    @Test
    void trainedCheckpointLoadsWithTheSameEmbeddings(@TempDir Path run) throws Exception {
        Dataset d = SynthData.train(data);
        try (ClipTrainable m = model(2); DatasetBatches b = batches(d, 2);
             Trainer t = trainer(m, b, d, config().build(), run)) {
            Trainer.Outcome o = t.run();
            assertEquals("finished", o.stopReason());
            m.train(false);
            ActionClipModel mine = m.inferenceView("in memory");
            float[][] clip = DatasetBatches.builder(d).frames(4).resolution(32).train(false).build()
                    .loadArrays(new int[] {0}, 0);
            List<String> texts = List.of("a red circle moving left", "A video of a blue square moving right");
            for (Path p : List.of(run, run.resolve("checkpoint"))) {
                ModelWeights w = ModelWeights.read(p);
                assertEquals("Transf", w.fusionKind());
                try (ActionClipModel loaded = ModelLoader.load(p, ModelOptions.defaults())) {
                    assertArrayEquals(mine.embedVideos(clip[0], 1, 4), loaded.embedVideos(clip[0], 1, 4), 1e-5f);
                    assertArrayEquals(mine.embedTexts(texts, true), loaded.embedTexts(texts, true), 1e-5f);
                }
            }
        }
    }

    @Test
    void resumedRunRepeatsTheUninterruptedLosses(@TempDir Path full, @TempDir Path split) throws Exception {
        Dataset d = SynthData.train(data);
        TrainConfig c = config().epochs(2).build();
        List<Double> expected;
        try (ClipTrainable m = model(3); DatasetBatches b = batches(d, 2); Trainer t = trainer(m, b, d, c, full)) {
            expected = t.run().losses();
        }
        int half = expected.size() / 2;
        List<Double> got = new ArrayList<>();
        try (ClipTrainable m = model(3); DatasetBatches b = batches(d, 1);
             Trainer t = trainer(m, b, d, c.toBuilder().maxSteps(half).build(), split)) {
            Trainer.Outcome o = t.run();
            assertEquals("max-steps", o.stopReason());
            got.addAll(o.losses());
        }
        try (ClipTrainable m = model(99); DatasetBatches b = batches(d, 3); Trainer t = trainer(m, b, d, c, split)) {
            t.resume();
            got.addAll(t.run().losses());
        }
        assertEquals(expected.size(), got.size());
        for (int i = 0; i < expected.size(); i++) {
            assertEquals(expected.get(i), got.get(i), 1e-5, "loss of step " + (i + 1));
        }
    }
}
