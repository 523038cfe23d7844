package dev.actionclip.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MetricsLogTest {
    @Test
    void rowsKeepTheirBytesAndAResumeAppends(@TempDir Path dir) throws Exception {
        Evaluator.Result eval = new Evaluator.Result(4, 0.5, 0.75, 0.625, new long[0][0]);
        try (MetricsLog log = new MetricsLog(dir)) {
            log.step(1, 0, 2.0794415, 1e-5, 1e-4, 12.3456, 0);
            log.step(2, 0, -0.5, 0, 3.5e-3, 0, 7);
            log.epoch(0, 2, 1.25, 8, 1, 3.14159, null);
        }
        try (MetricsLog log = new MetricsLog(dir)) {
            log.epoch(1, 4, 0.75, 8, 0, 2.5, eval);
        }
        // the layout written before the CSV facade: the same String.format patterns
        assertEquals(List.of(MetricsLog.STEP_HEADER,
                String.format(Locale.ROOT, "%d,%d,%.8g,%.6e,%.6e,%.3f,%d", 1L, 0, 2.0794415, 1e-5, 1e-4, 12.3456, 0L),
                String.format(Locale.ROOT, "%d,%d,%.8g,%.6e,%.6e,%.3f,%d", 2L, 0, -0.5, 0.0, 3.5e-3, 0.0, 7L)),
                Files.readAllLines(dir.resolve("steps.csv")));
        assertEquals("step,epoch,loss,lr,lr_fusion,samples_per_s,skipped", MetricsLog.STEP_HEADER);
        assertEquals(List.of("epoch,steps,mean_loss,samples,skipped,seconds,top1,top5,mean_class_acc",
                "0,2,1.2500000,8,1,3.142,,,",
                "1,4,0.75000000,8,0,2.500,0.500000,0.750000,0.625000"),
                Files.readAllLines(dir.resolve("epochs.csv")));
    }
}
