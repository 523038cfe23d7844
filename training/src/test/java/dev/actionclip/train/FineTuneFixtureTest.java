package dev.actionclip.train;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.actionclip.datasets.Dataset;
import dev.actionclip.testsupport.SharedFiles;
import dev.actionclip.train.ClipTrainable;
import dev.actionclip.model.ModelWeights;
import dev.actionclip.prompts.Templates;
import dev.actionclip.torch.Torch;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Fine-tuning the shared tiny OpenAI-format CLIP (224 px, BPE vocabulary) on generated videos lowers the loss. */
@Tag("slow")
class FineTuneFixtureTest {
    @Test
    void fewStepsLowerTheLoss(@TempDir Path data, @TempDir Path run) throws Exception {
        Path model = SharedFiles.resolve("actionclip.fixtures", "fixtures/model").resolve("tiny-clip-openai-state.pt");
        Path vocab = SharedFiles.resolve("actionclip.vocab", "clip/bpe_simple_vocab_16e6.txt.gz");
        assumeTrue((Files.exists(model) && Files.exists(vocab)) || SharedFiles.inCi(), "fixture absent: " + model);
        Torch.init(2);
        SynthData.generate(data);
        Dataset d = SynthData.train(data);
        TrainConfig c = TrainConfig.builder().epochs(4).batchSize(6).lr(1e-4).fusionRatio(10).warmupSteps(0)
                .weightDecay(0).frames(2).fusionKind("Transf").seed(11).build();
        Templates tpl = Templates.actionClip();
        try (ClipTrainable m = ClipTrainable.fromWeights(ModelWeights.read(model), model, vocab, "Transf", 1);
             DatasetBatches b = DatasetBatches.builder(d).frames(2).resolution(m.geometry().imageResolution())
                     .augment(DatasetBatches.Augment.NONE).workers(2).build()) {
            TokenTable tokens = TokenTable.build(tpl.size(), d.labelNames(), (t, name) -> tpl.apply(name).get(t),
                    text -> m.tokenizer().tokenize(text, m.geometry().contextLength(), true));
            try (Trainer t = Trainer.builder().config(c).model(m).batches(b).textSide(tokens).runDir(run)
                    .checkpointExtra(m.checkpointExtra()).build()) {
                List<Double> losses = t.run().losses();
                int per = t.stepsPerEpoch();
                double first = losses.subList(0, per).stream().mapToDouble(Double::doubleValue).average().orElseThrow();
                double last = losses.subList(losses.size() - per, losses.size()).stream()
                        .mapToDouble(Double::doubleValue).average().orElseThrow();
                assertTrue(last < first, "loss did not fall: first epoch " + first + ", last " + last + " " + losses);
            }
        }
    }
}
