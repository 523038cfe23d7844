package dev.actionclip.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.actionclip.formats.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointExtrasTest {
    @Test
    void trainingClipsRoundTripThroughExtra() {
        CheckpointExtras e = new CheckpointExtras("bytes", 1, 2, 3).withTraining(16, 64, CheckpointExtras.TSN);
        CheckpointExtras back = CheckpointExtras.of(Map.of("extra", e.toMap()));
        assertEquals(e, back);
        assertEquals(OptionalInt.of(16), back.trainedFrames());
        assertEquals(OptionalInt.of(64), back.trainedResolution());
        assertEquals(Optional.of("tsn"), back.trainedSampling());
    }

    @Test
    void olderCheckpointsGiveTheirConfigFramesAndNothingElse() {
        CheckpointExtras e = CheckpointExtras.of(Map.of("extra", Map.of("tokenizer", "bytes"),
                "config", Map.of("frames", 4)));
        assertEquals(OptionalInt.of(4), e.trainedFrames());
        assertFalse(e.trainedResolution().isPresent());
        assertFalse(e.trainedSampling().isPresent());
        assertFalse(CheckpointExtras.of(Map.of("extra", Map.of("frames", "eight"))).trainedFrames().isPresent());
        assertFalse(CheckpointExtras.NONE.trainedFrames().isPresent());
    }

    @Test
    void forModelReadsRunAndCheckpointFoldersOnly(@TempDir Path run) throws Exception {
        Path ck = Files.createDirectories(run.resolve(ModelWeights.RUN_CHECKPOINT));
        Files.writeString(ck.resolve(ModelWeights.CHECKPOINT_JSON), Json.write(Map.of("extra",
                new CheckpointExtras(null, null, null, null).withTraining(12, 32, "tsn").toMap())));
        assertEquals(OptionalInt.of(12), CheckpointExtras.forModel(run).trainedFrames(), "a run folder");
        assertEquals(OptionalInt.of(12), CheckpointExtras.forModel(ck).trainedFrames(), "its checkpoint folder");
        assertEquals(CheckpointExtras.NONE, CheckpointExtras.forModel(run.resolve("model.pt")), "not a folder");
        Files.writeString(ck.resolve(ModelWeights.CHECKPOINT_JSON), "{broken");
        assertEquals(CheckpointExtras.NONE, CheckpointExtras.forModel(run), "loading reports a broken JSON");
    }
}
