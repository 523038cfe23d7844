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

    private static TrainOptions parse(String... args) {
        Cmd cmd = new Cmd();
        new CommandLine(cmd).parseArgs(args);
        return cmd.options;
    }

    @Test
    void deviceAndPrecisionWithTheBf16Alias() {
        TrainConfig base = TrainConfig.builder().build();
        assertEquals(dev.actionclip.torch.Precision.BF16, parse("--bf16").apply(base).precision(), "hidden alias");
        assertEquals(dev.actionclip.torch.Precision.BF16, parse("--precision", "bf16").apply(base).precision());
        assertEquals(dev.actionclip.torch.Precision.FLOAT32, parse("--precision", "fp32").apply(base).precision());
        TrainOptions o = parse("--precision", "fp16", "--device", "cuda:1");
        assertEquals(dev.actionclip.torch.Precision.FP16, o.apply(base).precision());
        assertEquals(new dev.actionclip.torch.DeviceSpec(true, 1), o.device());
        assertEquals(dev.actionclip.torch.DeviceSpec.CPU, parse().device(), "default cpu");
        assertEquals(base, parse().apply(base), "nothing given, nothing changed");
        org.junit.jupiter.api.Assertions.assertThrows(UserInputException.class,
                () -> parse("--bf16", "--precision", "fp32").apply(base));
        org.junit.jupiter.api.Assertions.assertThrows(CommandLine.ParameterException.class,
                () -> parse("--device", "gpu"));
    }
}
