package dev.actionclip.cli;

import dev.actionclip.api.ActionRecognizer;
import dev.actionclip.api.Prediction;
import dev.actionclip.cli.FormatOption.Format;
import dev.actionclip.label.BatchPipeline;
import dev.actionclip.label.InputExpander;
import dev.actionclip.label.ResultWriter;
import dev.actionclip.prompts.LabelSet;
import dev.actionclip.prompts.Templates;
import dev.actionclip.video.Clip;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code action-clip label}: zero-shot labels for folders of videos, one row per video, in input order. */
@Command(name = "label",
        mixinStandardHelpOptions = true,
        description = {"Label videos with your own action names, zero-shot.",
            "Each video: T frames per view (TSN test sampling), CLIP image tower + temporal fusion, cosine "
                + "similarity with every label in every prompt template, softmax per template, mean over templates "
                + "and views (ActionCLIP's test scoring).",
            "Output: one row per input video, in input order. CSV columns path,label_1,prob_1,...,label_k,prob_k,error; "
                + "JSONL fields path, top [{label, probability}], error. A video that cannot be read gets a row with "
                + "its error and the run goes on."},
        footer = {"", "Examples:",
            "  action-clip label --model ViT-B-32.pt --labels \"riding a bike,waving\" videos/",
            "  action-clip label --model ckpt/ --labels kinetics_400_labels.csv --top-k 5 \\",
            "      --format jsonl --output labels.jsonl --resume 'clips/**.mp4' @more.txt",
            "", "Exit codes: 0 all videos labelled, 3 some failed (see their error rows), 2 bad usage/model/labels."})
public final class LabelCommand implements Callable<Integer> {
    @CommandLine.Mixin
    ModelMixin modelOptions;

    @Option(names = "--labels", required = true, paramLabel = "FILE|LIST",
            description = "id,name CSV, a text file with one label per line, or a comma-separated list.")
    String labels;

    @Option(names = "--camel-case",
            description = "Split CamelCase labels (ApplyEyeMakeup -> apply eye makeup) (default: off).")
    boolean camelCase;

    @Option(names = "--templates", defaultValue = "actionclip", paramLabel = "actionclip|none|FILE|TEMPLATE",
            description = "Prompt templates: actionclip (ActionCLIP's 16), none (bare label), a file with one per "
                    + "line, or one template with {} for the label (default ${DEFAULT-VALUE}).")
    String templates;

    @Option(names = "--frames", paramLabel = "T",
            description = "Frames per view (default: the frames the model was trained with, else 8).")
    Integer frames;

    @Option(names = "--views", defaultValue = "1", paramLabel = "N",
            description = "Temporal views per video, averaged (default ${DEFAULT-VALUE}).")
    int views;

    @Option(names = "--crops", defaultValue = "1", paramLabel = "1|3",
            description = "Spatial views per temporal view: 1 (centre crop) or 3 (start, centre and end of the long "
                    + "side); probabilities are averaged over views x crops (default ${DEFAULT-VALUE}).")
    int crops;

    @Option(names = "--actionclip-crop",
            description = "ActionCLIP's test crop (short side 256/224 x R) instead of CLIP's (default: off, CLIP's).")
    boolean actionClipCrop;

    @Option(names = "--top-k", defaultValue = "5", paramLabel = "K",
            description = "Labels per row (default ${DEFAULT-VALUE}).")
    int topK;

    @Option(names = "--batch", defaultValue = "4", paramLabel = "N",
            description = "Videos per forward pass (default ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--decode-threads", defaultValue = "2", paramLabel = "N",
            description = "Background decoding threads; 0 decodes inline (default ${DEFAULT-VALUE}).")
    int decodeThreads;

    @CommandLine.Mixin
    FormatOption format = FormatOption.of(Format.CSV, Format.JSONL);

    @Option(names = {"-o", "--output"}, paramLabel = "FILE",
            description = "Write rows here (default: standard output).")
    Path output;

    @Option(names = "--resume",
            description = "Skip videos that already have a row in --output and append the rest (default: off).")
    boolean resume;

    @Option(names = "--no-cache",
            description = "Do not use the on-disk text embedding cache, $ACTIONCLIP_CACHE/text or "
                    + "~/.cache/action-clip/text (default: off, the cache is used).")
    boolean noCache;

    @CommandLine.Mixin
    VideoLimitsMixin videoLimits;

    @Parameters(arity = "1..*", paramLabel = "INPUT", description = "Video files, folders (recursive), glob patterns or @list.txt files.")
    List<String> inputs;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.ParentCommand
    Main main;

    @Override
    public Integer call() throws Exception {
        if (resume && output == null) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--resume needs --output FILE");
        }
        if (topK < 1 || batch < 1 || frames != null && frames < 1 || views < 1 || decodeThreads < 0 || crops != 1 && crops != 3) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--top-k, --batch, --frames, --views must be >= 1, --crops 1 or 3");
        }
        ResultWriter.Format fmt = format.resolve(output) == Format.JSONL ? ResultWriter.Format.JSONL
                : ResultWriter.Format.CSV;
        List<String> videos = InputExpander.expand(inputs);
        if (videos.isEmpty()) {
            throw new UserInputException("no videos found in " + inputs);
        }
        LabelSet set = LabelSet.parse(labels);
        if (camelCase) {
            set = set.splitCamelCase();
        }
        Templates tmpl = Templates.parse(templates);
        Set<String> done = new HashSet<>();
        PrintStream stdout = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), true, "UTF-8");
        try (ActionRecognizer rec = withFrames(modelOptions.recognizer(), frames).labels(set).templates(tmpl).views(views)
                .actionClipCrop(actionClipCrop).crops(crops).cache(!noCache).limits(videoLimits.limits()).build();
             ResultWriter out = output == null ? ResultWriter.toStdout(fmt, topK, stdout)
                     : resume ? ResultWriter.openForResume(output, fmt, topK, done) : ResultWriter.create(output, fmt, topK)) {
            List<String> todo = new ArrayList<>();
            for (String v : videos) {
                if (!done.contains(v)) {
                    todo.add(v);
                }
            }
            if (resume && !done.isEmpty()) {
                System.err.printf(Locale.ROOT, "resuming: %d of %d videos already in %s%n", videos.size() - todo.size(),
                        videos.size(), output);
            }
            int[] failed = {0};
            try (ProgressBar bar = new ProgressBar(todo.size(), "videos")) {
                BatchPipeline<String, List<Clip>, Prediction> pipe = new BatchPipeline<>(decodeThreads, 2 * batch, batch);
                BatchPipeline.Stats stats = pipe.run(todo, v -> rec.sample(videoPath(v)), rec::classifyClips,
                        (i, v, p, err) -> {
                            if (err == null) {
                                out.success(v, p.top(topK));
                            } else {
                                failed[0]++;
                                out.failure(v, ErrorHandler.message(err));
                            }
                            bar.step(failed[0] > 0 ? failed[0] + " failed" : null);
                        });
                if (main != null && main.verbose) {
                    System.err.printf(Locale.ROOT, "%d videos in %.1f s (%.2f videos/s); decode %.1f s (all threads), model %.1f s%n",
                            stats.succeeded() + stats.failed(), stats.wallNanos() / 1e9, stats.itemsPerSecond(),
                            stats.decodeNanos() / 1e9, stats.modelNanos() / 1e9);
                }
            }
            if (failed[0] > 0) {
                System.err.printf(Locale.ROOT, "%d of %d videos failed (rows with an error)%n", failed[0], todo.size());
                return Main.EXIT_PARTIAL;
            }
            return Main.EXIT_OK;
        }
    }

    private static Path videoPath(String input) {
        if (InputExpander.isUrl(input)) {
            throw new IllegalArgumentException(input + ": label reads files; use 'watch' for URLs and streams");
        }
        return Paths.get(input);
    }

    private static ActionRecognizer.Builder withFrames(ActionRecognizer.Builder b, Integer frames) {
        return frames == null ? b : b.frames(frames);
    }
}
