package com.example.labelservice;

import dev.actionclip.api.ActionRecognizer;
import dev.actionclip.api.Prediction;
import dev.actionclip.zeroshot.TopK;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Labels one video against labels given on the command line, through the library's {@link ActionRecognizer}:
 * {@code LabelVideo MODEL VIDEO "label one,label two,..." [VOCAB]}. Prints the top labels, best first, one per line
 * as {@code probability<TAB>label}.
 */
public final class LabelVideo {
    private LabelVideo() {
    }

    public static void main(String[] args) {
        if (args.length < 3 || args.length > 4) {
            System.err.println("usage: LabelVideo MODEL VIDEO LABELS [VOCAB]   (LABELS: a comma list)");
            System.exit(2);
        }
        List<String> labels = Arrays.stream(args[2].split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
        if (labels.isEmpty()) {
            System.err.println("no labels in '" + args[2] + "'");
            System.exit(2);
        }
        ActionRecognizer.Builder builder = ActionRecognizer.builder()
                .model(Path.of(args[0]))   // any checkpoint format: OpenAI .pt, state dict, ActionCLIP, HF folder
                .labels(labels)
                .frames(8);
        if (args.length == 4) {
            builder.vocab(Path.of(args[3])); // CLIP's BPE vocabulary, when it is not beside the model
        }
        try (ActionRecognizer recognizer = builder.build()) {
            Prediction p = recognizer.classify(Path.of(args[1]));
            for (TopK.Entry e : p.top(Math.min(5, labels.size()))) {
                System.out.printf(Locale.ROOT, "%.4f\t%s%n", e.probability(), e.label());
            }
        }
    }
}
