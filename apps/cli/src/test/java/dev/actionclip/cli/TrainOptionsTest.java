package dev.actionclip.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.actionclip.train.TrainConfig;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

class TrainOptionsTest {
    @Command(name = "train")
    static final class Cmd {
        @Mixin
        TrainOptions options;
    }

    @Test
    void onlyGivenFlagsOverrideTheBase() {
        Cmd cmd = new Cmd();
        new CommandLine(cmd).parseArgs("--resume", "-o", "run1", "--max-steps", "100", "--bf16", "--lr", "1e-5");
        TrainConfig base = TrainConfig.builder().epochs(7).seed(3).build();
        TrainConfig c = cmd.options.apply(base);
        assertTrue(cmd.options.resume());
        assertEquals("run1", cmd.options.output().toString());
        assertEquals(base.toBuilder().maxSteps(100).bf16(true).lr(1e-5).build(), c);
    }
}
