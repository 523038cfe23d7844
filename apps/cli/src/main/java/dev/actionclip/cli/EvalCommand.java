package dev.actionclip.cli;

import dev.actionclip.cli.FormatOption.Format;
import dev.actionclip.datasets.Dataset;
import dev.actionclip.formats.Csv;
import dev.actionclip.formats.Json;
import dev.actionclip.model.ActionClipModel;
import dev.actionclip.model.TextBanks;
import dev.actionclip.prompts.Templates;
import dev.actionclip.train.DatasetBatches;
import dev.actionclip.train.Evaluator;
import dev.actionclip.train.VideoEval;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code action-clip eval}: zero-shot top-1 / top-5 / mean class accuracy of a model on labelled videos. */
@Command(name = "eval",
        mixinStandardHelpOptions = true,
        description = {"Zero-shot evaluation on labelled videos, scored as ActionCLIP's test does (template "
                + "ensemble, centre crop, TSN test frames, views averaged).",
            "Data: a Kinetics-style CSV or an ActionCLIP/mmaction list with an id,name label file; the label "
                + "file's names are the classes scored (they need not have been seen in training).",
            "Output: text; json (one object: samples, skipped, top1, top5, mean_class_accuracy as fractions, chance, "
                + "groups, seconds); csv (a header and one row of the same numbers, a column per --group)."},
        footer = {"", "Examples:",
            "  action-clip eval --model runs/k400 --data val.csv --labels labels.csv",
            "  action-clip eval --model ViT-B-32.pt --data unseen.csv \\",
            "      --labels unseen_labels.csv --views 2 --group 'moving left,moving right' \\",
            "      --confusion confusion.csv --format json"})
public final class EvalCommand implements Callable<Integer> {
    @CommandLine.Mixin
    ModelMixin modelOptions;

    @Option(names = "--data", required = true, paramLabel = "CSV|LIST", description = "Annotations of the videos.")
    Path data;

    @Option(names = "--root", paramLabel = "DIR", description = "Video folder (default: the annotation file's folder).")
    Path root;

    @Option(names = "--labels", paramLabel = "CSV",
            description = "id,name label file, the classes scored (default: Kinetics CSVs: the sorted label names "
                    + "of --data; lists: the label ids).")
    Path labels;

    @Option(names = "--skip-missing",
            description = "Leave out entries whose file is missing instead of failing (default: off, fail).")
    boolean skipMissing;

    @Option(names = "--templates", defaultValue = "actionclip", paramLabel = "SPEC",
            description = "Prompt templates: actionclip, none, one template with {} or a file (default ${DEFAULT-VALUE}).")
    String templates;

    @Option(names = "--frames", paramLabel = "T",
            description = "Frames per view (default: the frames a model trained by 'action-clip train' was trained "
                    + "with, else 8).")
    Integer framesOption;

    @Option(names = "--views", defaultValue = "1", paramLabel = "N",
            description = "Temporal views per video, averaged (default ${DEFAULT-VALUE}).")
    int views;

    @Option(names = "--crops", defaultValue = "1", paramLabel = "1|3",
            description = "Spatial views per temporal view: 1 (centre crop) or 3 (start, centre and end of the long "
                    + "side); probabilities are averaged over views x crops (default ${DEFAULT-VALUE}).")
    int crops;

    @Option(names = "--group", paramLabel = "PHRASES",
            description = "Comma-separated label endings to report separately, e.g. 'moving left,moving right': "
                    + "the share of those videos whose predicted label ends with their own phrase (right motion, "
                    + "whatever the rest of the label). Repeatable (default: none).")
    List<String> groups = new ArrayList<>();

    @Option(names = "--confusion", paramLabel = "CSV",
            description = "Write the confusion matrix here (default: not written).")
    Path confusion;

    @CommandLine.Mixin
    FormatOption format = FormatOption.of(Format.TEXT, Format.JSON, Format.CSV);

    @CommandLine.Mixin
    VideoLimitsMixin videoLimits;

    @Option(names = "--workers", defaultValue = "2", paramLabel = "N",
            description = "Video decode threads (default ${DEFAULT-VALUE}).")
    int workers;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        int frames = framesFor(modelOptions.model());
        if (frames < 1 || views < 1 || crops != 1 && crops != 3) {
            throw new UserInputException("--frames and --views must be >= 1, --crops 1 or 3");
        }
        Format fmt = format.resolve();
        Templates tpl = Templates.parse(templates);
        Dataset d = DataFiles.load(data, root, labels, skipMissing);
        long start = System.nanoTime();
        VideoEval e;
        try (ActionClipModel m = modelOptions.load();
             DatasetBatches b = DatasetBatches.builder(d).frames(frames).resolution(m.resolution()).train(false)
                     .views(views).crops(crops).workers(workers).limits(videoLimits.limits()).log(spec.commandLine().getErr()).build()) {
            e = VideoEval.run(m, b, TextBanks.build(m, null, d.labelNames(), tpl, null));
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        Evaluator.Result r = e.result();
        if (confusion != null) {
            Evaluator.writeConfusionCsv(confusion, r.confusion(), d.labelNames());
        }
        double chance = 1.0 / d.numLabels();
        Map<String, double[]> byGroup = new LinkedHashMap<>();
        for (String g : groups) {
            List<String> phrases = Arrays.stream(g.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
            byGroup.put(String.join(" / ", phrases), e.phraseAccuracy(d.labelNames(), phrases));
        }
        PrintWriter out = spec.commandLine().getOut();
        if (fmt == Format.CSV) {
            List<Object> header = new ArrayList<>(List.of("model", "data", "labels"));
            List<Object> row = new ArrayList<>(List.of(modelOptions.model().toString(), data.toString(), d.numLabels()));
            r.toJson(e.skipped() + d.skipped()).forEach((k, v) -> {
                header.add(k);
                row.add(v);
            });
            header.add("chance");
            row.add(chance);
            byGroup.forEach((k, v) -> {
                header.add("group: " + k);
                row.add(v[0] > 0 ? v[1] : null);
            });
            header.add("seconds");
            row.add(seconds);
            out.println(Csv.line(header));
            out.println(Csv.line(row));
        } else if (fmt == Format.JSON) {
            Map<String, Object> j = new LinkedHashMap<>();
            j.put("model", modelOptions.model().toString());
            j.put("data", data.toString());
            j.put("labels", d.numLabels());
            j.putAll(r.toJson(e.skipped() + d.skipped()));
            j.put("chance", chance);
            Map<String, Object> gj = new LinkedHashMap<>();
            byGroup.forEach((k, v) -> gj.put(k, v[0] > 0 ? Map.of("samples", (long) v[0], "accuracy", v[1])
                    : Map.of("samples", 0L)));
            j.put("groups", gj);
            j.put("seconds", seconds);
            out.println(Json.write(j));
        } else {
            out.printf(Locale.ROOT, "videos: %d (%d skipped), labels: %d (chance %.2f%%)%n", r.samples(),
                    e.skipped() + d.skipped(), d.numLabels(), 100 * chance);
            out.printf(Locale.ROOT, "top-1: %.2f%%  top-5: %.2f%%  mean class accuracy: %.2f%%%n", 100 * r.top1(),
                    100 * r.top5(), 100 * r.meanClassAcc());
            byGroup.forEach((k, v) -> {
                if (v[0] > 0) { // a group whose phrases no video has says nothing
                    out.printf(Locale.ROOT, "  %-46s %5.1f%% of %d videos%n", k + ":", 100 * v[1], (long) v[0]);
                }
            });
            if (confusion != null) {
                out.println("confusion matrix: " + confusion);
            }
            out.printf(Locale.ROOT, "%.1f s%n", seconds);
        }
        out.flush();
        return Main.EXIT_OK;
    }

    /** {@code --frames}, else what the checkpoint was trained with (a note on stderr says so), else 8. */
    private int framesFor(Path model) {
        if (framesOption != null) {
            return framesOption;
        }
        java.util.OptionalInt trained = dev.actionclip.model.CheckpointExtras.forModel(model).trainedFrames();
        if (trained.isPresent()) {
            spec.commandLine().getErr().printf(Locale.ROOT, "frames per view: %d, as in training (--frames to "
                    + "change)%n", trained.getAsInt());
            return trained.getAsInt();
        }
        return 8;
    }
}
