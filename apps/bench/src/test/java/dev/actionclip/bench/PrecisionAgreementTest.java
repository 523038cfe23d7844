package dev.actionclip.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.actionclip.datasets.Dataset;
import dev.actionclip.datasets.KineticsAnnotations;
import dev.actionclip.datasets.synth.Colour;
import dev.actionclip.datasets.synth.Shape;
import dev.actionclip.datasets.synth.SyntheticActions;
import dev.actionclip.datasets.synth.SyntheticSpec;
import dev.actionclip.prompts.Templates;
import dev.actionclip.testsupport.SharedFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bf16 check on the fixture model: every clip compared, probabilities close. (Agreement on a trained model is
 * what {@code scripts/bf16-check} measures; the fixture's random weights give near-ties that bf16 may flip.)
 */
@Tag("slow")
class PrecisionAgreementTest {
    @TempDir
    Path tmp;

    @Test
    void bf16ProbabilitiesStayCloseToFloat32() throws Exception {
        Path model = SharedFiles.resolve("actionclip.fixtures", "fixtures/model").resolve("tiny-actionclip-transf.pt");
        assumeTrue(Files.exists(model) || SharedFiles.inCi(), "fixture absent: " + model);
        SyntheticSpec spec = SyntheticSpec.builder().seed(5).shapes(List.of(Shape.SQUARE)).colours(List.of(Colour.RED))
                .perLabel(1).valPerLabel(0).unseenPerLabel(0).unseenFraction(0).frames(8).size(64).build();
        new SyntheticActions(spec).generate(tmp);
        Dataset d = KineticsAnnotations.builder(tmp.resolve("train.csv"), tmp).labels(tmp.resolve("labels.csv")).load();
        PrecisionAgreement.Result r = PrecisionAgreement.compare(model, d, Templates.none(), 4, 2);
        assertEquals(d.size(), r.videos());
        assertTrue(r.maxProbDiff() > 0, "bf16 really ran: " + r.summary());
        assertTrue(r.maxProbDiff() < 0.05, r.summary());
        assertTrue(r.agree() <= r.videos() && r.correct32() <= r.videos(), r.summary());
    }
}
