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
            log.step(1, 0, 2.0794415, 1e-5, 1e-4, 12.3456, 0, 0.5, 0.25);
            log.step(2, 0, -0.5, 0, 3.5e-3, 0, 7, 0.125, 0);
            log.epoch(0, 2, 1.25, 8, 1, 3.14159, null, 0.2);
        }
        try (MetricsLog log = new MetricsLog(dir)) {
            log.epoch(1, 4, 0.75, 8, 0, 2.5, eval, Double.NaN);
        }
        // the layout written before the CSV facade: the same String.format patterns
        assertEquals(List.of(MetricsLog.STEP_HEADER,
                String.format(Locale.ROOT, "%d,%d,%.8g,%.6e,%.6e,%.3f,%d,0.5000,0.2500", 1L, 0, 2.0794415, 1e-5, 1e-4,
                        12.3456, 0L),
                String.format(Locale.ROOT, "%d,%d,%.8g,%.6e,%.6e,%.3f,%d,0.1250,0.0000", 2L, 0, -0.5, 0.0, 3.5e-3, 0.0,
                        7L)),
                Files.readAllLines(dir.resolve("steps.csv")));
        assertEquals("step,epoch,loss,lr,lr_fusion,samples_per_s,skipped,step_s,data_wait", MetricsLog.STEP_HEADER);
        assertEquals(List.of("epoch,steps,mean_loss,samples,skipped,seconds,top1,top5,mean_class_acc,data_wait",
                "0,2,1.2500000,8,1,3.142,,,,0.2000",
                "1,4,0.75000000,8,0,2.500,0.500000,0.750000,0.625000,"),
                Files.readAllLines(dir.resolve("epochs.csv")));
    }

    @Test
    void aResumeUpgradesAnOlderLogToTheNewColumns(@TempDir Path dir) throws Exception {
        Files.write(dir.resolve("steps.csv"), List.of("step,epoch,loss,lr,lr_fusion,samples_per_s,skipped",
                "1,0,2.0000000,1.000000e-05,1.000000e-04,3.000,0"));
        try (MetricsLog log = new MetricsLog(dir)) {
            log.step(2, 0, 1.0, 1e-5, 1e-4, 3, 0, 1, 0.5);
        }
        List<String> rows = Files.readAllLines(dir.resolve("steps.csv"));
        assertEquals(List.of(MetricsLog.STEP_HEADER, "1,0,2.0000000,1.000000e-05,1.000000e-04,3.000,0,,",
                "2,0,1.0000000,1.000000e-05,1.000000e-04,3.000,0,1.0000,0.5000"), rows);
    }
}
