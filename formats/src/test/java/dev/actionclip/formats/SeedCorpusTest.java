package dev.actionclip.formats;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.actionclip.testsupport.SeedFiles;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The committed seed corpora are the ones {@link SeedCorpus} writes, and stay small. */
class SeedCorpusTest {
    @Test
    void everySeedIsCommittedAndSmall() throws IOException {
        SeedFiles.checkCommitted(SeedCorpus.PACKAGE_DIR, SeedCorpus.all());
    }

    /** The seeds are good inputs (but the two broken CSVs): fuzzing starts from what the readers accept. */
    @Test
    void everyWellFormedSeedReads() throws IOException {
        Path tmp = Files.createTempDirectory("seeds");
        try {
            for (Map.Entry<String, Map<String, byte[]>> target : SeedCorpus.all().entrySet()) {
                for (Map.Entry<String, byte[]> seed : target.getValue().entrySet()) {
                    Path f = tmp.resolve(seed.getKey());
                    String what = target.getKey() + "/" + seed.getKey();
                    switch (target.getKey().substring(0, target.getKey().indexOf("FuzzTest"))) {
                        case "SafeTensors" -> FuzzInputs.touch(SafeTensors.open(Files.write(f, seed.getValue())).tensors().values());
                        case "TorchZip" -> assertTrue(!Checkpoints.readTensors(Files.write(f, seed.getValue())).isEmpty(), what);
                        case "Unpickler" -> FuzzInputs.touch(FuzzInputs.tensorsIn(TorchCheckpoint.read(
                                Files.write(f, FuzzInputs.torchSave(seed.getValue()))).root()));
                        case "TorchScript" -> TorchScriptArchive.read(Files.write(f, FuzzInputs.torchScript(seed.getValue())));
                        case "Json" -> Json.parse(new String(seed.getValue(), java.nio.charset.StandardCharsets.UTF_8));
                        case "Csv" -> {
                            if (!seed.getKey().contains("bad") && !seed.getKey().contains("latin1")) {
                                assertTrue(!Csv.readAll(Files.write(f, seed.getValue())).isEmpty(), what);
                            }
                        }
                        default -> throw new AssertionError(what);
                    }
                }
            }
        } finally {
            try (var s = Files.walk(tmp)) {
                s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
