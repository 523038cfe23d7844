package dev.actionclip.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class LrScheduleTest {
    @Test
    void warmsUpLinearlyThenDecaysByCosine() {
        LrSchedule s = new LrSchedule(4, 14, 0.0);
        assertEquals(0.25, s.factor(0), 1e-12);
        assertEquals(1.0, s.factor(3), 1e-12);
        assertEquals(1.0, s.factor(4), 1e-12);
        assertEquals(0.5, s.factor(9), 1e-12); // halfway through the 10 decay steps
        assertEquals(0.0, s.factor(14), 1e-12);
        assertEquals(0.0, s.factor(100), 1e-12);
    }

    @Test
    void decaysToTheMinimumFactor() {
        LrSchedule s = new LrSchedule(0, 10, 0.1);
        assertEquals(1.0, s.factor(0), 1e-12);
        assertEquals(0.1, s.factor(10), 1e-12);
        assertEquals(0.55, s.factor(5), 1e-12);
    }

    @Test
    void configWarmupInEpochsOrSteps() {
        TrainConfig c = TrainConfig.builder().warmupEpochs(2.5).build();
        assertEquals(25, c.warmupStepsFor(10));
        assertEquals(3, c.toBuilder().warmupSteps(3).build().warmupStepsFor(10));
        assertThrows(IllegalArgumentException.class, () -> new LrSchedule(1, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> TrainConfig.builder().batchSize(0).build());
    }

    @Test
    void configRoundTripsThroughJson() {
        TrainConfig c = TrainConfig.builder().epochs(3).lr(1e-5).freezeImage(true).bf16(true).seed(99)
                .fusionKind("meanP").maxSteps(7).contrast(TrainConfig.Contrast.LABELS).build();
        String json = dev.actionclip.formats.Json.write(c.toJson());
        assertEquals(c, TrainConfig.fromJson(dev.actionclip.formats.Json.parseObject(json)));
    }
}
