package dev.actionclip.prompts;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.actionclip.testsupport.Hostile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Fuzzes the label and template readers: {@code id,name} CSVs and one-per-line text files through
 * {@link LabelSet#load}, inline lists, and template files. Only IllegalArgumentException may escape (a
 * {@code CsvException} for bad quoting, bytes that are not UTF-8 named by file:line), and file errors name the
 * file. Seeds: {@code LabelFilesFuzzTestInputs/labelSet/} and {@code .../templates/}.
 */
class LabelFilesFuzzTest {
    @FuzzTest(maxDuration = "10m")
    void labelSet(byte[] input) {
        for (String name : new String[] {"labels.csv", "labels.txt"}) {
            Path file = Hostile.file("labels/" + name, input);
            namesFile(Hostile.check("LabelSet.load " + name, input.length, () -> {
                LabelSet labels = LabelSet.load(file);
                for (int k = 0; k < labels.size(); k++) {
                    if (labels.indexOf(labels.name(k)) != k) {
                        throw new AssertionError("indexOf(" + labels.name(k) + ") != " + k);
                    }
                }
                labels.splitCamelCase();
            }, IllegalArgumentException.class), file);
        }
        String text = new String(input, StandardCharsets.UTF_8);
        Hostile.check("LabelSet.inline", input.length, () -> LabelSet.inline(text), IllegalArgumentException.class);
        Hostile.check("LabelSet.parse", input.length, () -> LabelSet.parse(text), IllegalArgumentException.class);
    }

    @FuzzTest(maxDuration = "10m")
    void templates(byte[] input) {
        Path file = Hostile.file("templates/templates.txt", input);
        namesFile(Hostile.check("Templates.fromFile", input.length, () -> {
            Templates t = Templates.fromFile(file);
            if (t.applyAll(java.util.List.of("riding a bike", "{}")).size() != 2 * t.size()) {
                throw new AssertionError("applyAll");
            }
        }, IllegalArgumentException.class), file);
        String text = new String(input, StandardCharsets.UTF_8);
        Hostile.check("Templates.parse", input.length, () -> Templates.parse(text), IllegalArgumentException.class);
    }

    private static void namesFile(Throwable t, Path file) {
        if (t != null && !t.getMessage().contains(file.toString())) {
            throw new AssertionError("error does not name " + file + ": " + t.getMessage(), t);
        }
    }
}
