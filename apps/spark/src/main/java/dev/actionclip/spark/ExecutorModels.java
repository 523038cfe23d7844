package dev.actionclip.spark;

import dev.actionclip.api.ActionRecognizer;
import dev.actionclip.model.ActionClipModel;
import dev.actionclip.model.ModelLoader;
import dev.actionclip.model.ModelOptions;
import dev.actionclip.zeroshot.TextBank;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * One model per executor JVM, loaded lazily by the first task that needs it and shared by every later task (and,
 * in local mode, by the driver, which is the same JVM). Models stay loaded until the JVM ends: an executor runs one
 * job's tasks, and loading costs seconds.
 */
final class ExecutorModels {
    private static final Map<String, ActionClipModel> MODELS = new HashMap<>();

    private ExecutorModels() {
    }

    static synchronized ActionClipModel model(SparkLabelOptions o) {
        String key = o.model() + '\0' + o.vocab() + '\0' + o.fusion() + '\0' + o.threads();
        return MODELS.computeIfAbsent(key, k -> ModelLoader.load(Path.of(o.model()), ModelOptions.defaults()
                .withVocab(o.vocab() == null ? null : Path.of(o.vocab())).withFusion(o.fusion())
                .withThreads(o.threads())));
    }

    /** A recogniser over the shared model and the driver's label embeddings (cheap: no weights, no text pass). */
    static ActionRecognizer recognizer(SparkLabelOptions o, TextBank bank) {
        return ActionRecognizer.builder().model(model(o)).textBank(bank).frames(o.frames()).views(o.views())
                .limits(o.videoLimits()).build();
    }
}
