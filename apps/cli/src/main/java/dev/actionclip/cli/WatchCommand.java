package dev.actionclip.cli;

import dev.actionclip.cli.FormatOption.Format;
import dev.actionclip.model.ActionClipModel;
import dev.actionclip.model.TextBanks;
import dev.actionclip.prompts.LabelSet;
import dev.actionclip.prompts.Templates;
import dev.actionclip.watch.ActionWatcher;
import dev.actionclip.watch.Event;
import dev.actionclip.watch.EventWriter;
import dev.actionclip.watch.LatestWindowQueue;
import dev.actionclip.watch.ScoreLog;
import dev.actionclip.watch.ScoredWindow;
import dev.actionclip.watch.SegmentEvaluator;
import dev.actionclip.watch.Span;
import dev.actionclip.watch.Timeline;
import dev.actionclip.watch.TruthCsv;
import dev.actionclip.watch.TruthReport;
import dev.actionclip.watch.WatchListener;
import dev.actionclip.watch.WatchSource;
import dev.actionclip.zeroshot.TextBank;
import dev.actionclip.zeroshot.TextEmbeddingCache;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code action-clip watch}: timed action events over a long video, a live stream or a webcam. */
@Command(name = "watch", mixinStandardHelpOptions = true,
        description = {"Slide a window over a long video or a live stream and print action events as they end.",
            "SOURCE: a video file, a URL, a live stream (rtsp://, rtmp://, udp://, tcp://, srt://...) or a capture "
                + "device (/dev/video0, v4l2:/dev/video0, avfoundation:0, dshow:video=NAME).",
            "Events go to stdout (one row per event as soon as it ends: JSONL {label, start, end, peak_score, "
                + "duration} or CSV label,start,end,peak_score; seconds) unless --output is given; the summary and "
                + "the real-time factor go to stderr. Ctrl-C ends the run with what was found."},
        footer = {"", "Examples:",
            "  action-clip watch --model ViT-B-32.pt --labels \"falling down,waving\" long.mp4",
            "  action-clip watch --model runs/k400 --labels labels.csv --threshold 0.6 \\",
            "      --background \"nothing happening\" --output events.csv \\",
            "      --timeline plot.html rtsp://camera.local/stream"})
final class WatchCommand implements Callable<Integer> {
    @CommandLine.Mixin
    ModelMixin modelOptions;

    enum Drop { oldest, newest }

    @Parameters(index = "0..*", arity = "1..*", paramLabel = "SOURCE",
            description = "File, URL, stream or device; several are watched at once with one model, and each event "
                    + "row then starts with its source.")
    List<String> sources = new ArrayList<>();

    /** The first (with one SOURCE, the only) source. */
    String source;

    @Option(names = "--batch", defaultValue = "4", paramLabel = "WINDOWS",
            description = "Several SOURCEs: at most this many windows, across the sources, per forward pass of the "
                    + "model (default ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--labels", required = true, paramLabel = "FILE|LIST",
            description = "Label file (one per line or id,name CSV) or a comma-separated list.")
    String labels;

    @Option(names = "--templates", defaultValue = "actionclip", paramLabel = "SPEC",
            description = "actionclip, none, a template with {} or a file (default ${DEFAULT-VALUE}).")
    String templates;

    @Option(names = "--background", split = ",", paramLabel = "LABEL",
            description = "Labels meaning 'nothing happening': never events, and suppress the others while on top "
                    + "(default: none).")
    List<String> background = new ArrayList<>();

    @Option(names = "--window", defaultValue = "2s", paramLabel = "SPAN",
            description = "Window length: seconds (2s, 500ms) or frames (16f) (default ${DEFAULT-VALUE}).")
    String window;

    @Option(names = "--stride", defaultValue = "1s", paramLabel = "SPAN",
            description = "Distance between window starts: seconds (1s, 500ms) or frames (8f) (default ${DEFAULT-VALUE}).")
    String stride;

    @Option(names = "--frames", defaultValue = "8", paramLabel = "T",
            description = "Frames sampled per window (default ${DEFAULT-VALUE}).")
    int frames;

    @Option(names = "--threshold", defaultValue = "0.4", paramLabel = "P",
            description = "Smoothed probability, 0..1, that starts an event (default ${DEFAULT-VALUE}).")
    double threshold;

    @Option(names = "--release", paramLabel = "P",
            description = "Probability, 0..1, below which an event ends (default: 0.7 x --threshold).")
    Double release;

    @Option(names = "--min-duration", defaultValue = "0s", paramLabel = "SECONDS",
            description = "Drop events shorter than this, in seconds (2s, 500ms) (default ${DEFAULT-VALUE}).")
    String minDuration;

    @Option(names = "--min-windows", defaultValue = "2", paramLabel = "N",
            description = "Drop events held by fewer than N smoothed windows (default ${DEFAULT-VALUE}: a lone window "
                    + "is a misread).")
    int minWindows;

    @Option(names = "--merge-gap", defaultValue = "0s", paramLabel = "SECONDS",
            description = "Merge events of one label at most this far apart, in seconds (default ${DEFAULT-VALUE}).")
    String mergeGap;

    @Option(names = "--cuts", defaultValue = "on", paramLabel = "on|off",
            description = "Restart the windows at shot cuts so that no window spans one (default ${DEFAULT-VALUE}).")
    String cuts;

    @Option(names = "--overlap", description = "Let events of different labels overlap: any label over the "
            + "threshold holds an event, not only the top-1 (default: off).")
    boolean overlap;

    @Option(names = "--smoothing", defaultValue = "ma:3", paramLabel = "SPEC",
            description = "none, ma:K (centred mean of K windows) or ema:ALPHA (default ${DEFAULT-VALUE}).")
    String smoothing;

    @CommandLine.Mixin
    FormatOption format = FormatOption.of(Format.JSONL, Format.CSV);

    @Option(names = "--output", paramLabel = "FILE", description = "Write events here (default: standard output).")
    Path output;

    @Option(names = "--scores", paramLabel = "FILE",
            description = "Write every window's top-5 smoothed scores to this JSONL file; with several SOURCEs, one "
                    + "file whose lines start with their source (default: not written).")
    Path scores;

    @Option(names = "--scores-top", defaultValue = "5", paramLabel = "K",
            description = "Labels per window in the --scores log, best first; 0 = all (default ${DEFAULT-VALUE}).")
    int scoresTop;

    @Option(names = "--timeline", paramLabel = "FILE",
            description = "Write a score timeline: .png or .html; with several SOURCEs, one file with a plot per "
                    + "source, titled by it (default: not written).")
    Path timeline;

    @Option(names = "--live", description = "Treat SOURCE as live (a growing file, an endless http stream): score on "
            + "a separate thread and drop windows rather than fall behind (default: off; streams and devices are "
            + "always live).")
    boolean live;

    @Option(names = "--queue", defaultValue = "4", paramLabel = "WINDOWS",
            description = "Live: windows waiting for the model before some are dropped (default ${DEFAULT-VALUE}).")
    int queue;

    @Option(names = "--drop", defaultValue = "oldest", paramLabel = "oldest|newest",
            description = "Live: which window to drop when the queue is full: oldest or newest (default ${DEFAULT-VALUE}).")
    Drop drop;

    @Option(names = "--reconnect-max", defaultValue = "30s", paramLabel = "SECONDS",
            description = "Live: longest wait between reconnection attempts, in seconds (30s, 500ms) (default ${DEFAULT-VALUE}).")
    String reconnectMax;

    @Option(names = "--reconnect-attempts", defaultValue = "10", paramLabel = "N",
            description = "Live: consecutive failed reconnections before giving up, 0 = never (default ${DEFAULT-VALUE}).")
    int reconnectAttempts;

    @Option(names = "--timeout", defaultValue = "10s", paramLabel = "SECONDS",
            description = "Live: how long a read may wait for data before the source counts as dropped, in seconds "
                    + "(10s, 500ms) (default ${DEFAULT-VALUE}).")
    String timeout;

    @Option(names = "--truth", paramLabel = "CSV",
            description = "Ground-truth segments CSV (label,start,end in seconds; with several SOURCEs "
                    + "source,label,start,end, the source as given here): print precision/recall/F1 (per source and "
                    + "overall) and draw the segments on the --timeline (default: none).")
    Path truth;

    @Option(names = "--iou", defaultValue = "0.5", paramLabel = "IOU",
            description = "Temporal IoU, 0..1, an event needs to match a true segment (default ${DEFAULT-VALUE}).")
    double iou;

    @Option(names = "--cache", paramLabel = "DIR|none",
            description = "Text embedding cache folder, or 'none' (default: $ACTIONCLIP_CACHE/text, else "
                    + "~/.cache/action-clip/text).")
    String cache;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    private Format eventFormat;

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        eventFormat = format.resolve(output);
        source = sources.get(0);
        List<WatchSource> all = new ArrayList<>();
        for (String s : sources) {
            all.add(WatchSource.parse(s, live, Duration.ofMillis(millis(timeout, "--timeout"))));
        }
        WatchSource src = all.get(0);
        Span win = span(window, "--window");
        Span str = span(stride, "--stride");
        double minDur = millis(minDuration, "--min-duration") / 1000.0;
        double gap = millis(mergeGap, "--merge-gap") / 1000.0;
        if (!cuts.equals("on") && !cuts.equals("off")) {
            throw new UserInputException("--cuts takes on or off, got " + cuts);
        }
        if (!(iou > 0 && iou <= 1)) {
            throw new UserInputException("--iou must be in (0, 1], got " + iou);
        }
        LabelSet labelSet = LabelSet.parse(labels);
        Templates tpl = Templates.parse(templates);
        List<List<SegmentEvaluator.Segment>> truthSegments = truth == null ? null : TruthCsv.read(truth, sources);
        try (ActionClipModel m = modelOptions.load()) {
            TextBank bank = TextBanks.build(m, modelOptions.model(), labelSet.names(), tpl, textCache());
            ActionWatcher watcher;
            try {
                watcher = ActionWatcher.builder().model(m, bank).window(win).stride(str).frames(frames)
                        .threshold(threshold).release(release == null ? Double.NaN : release).minDuration(minDur)
                        .mergeGap(gap).minWindows(minWindows).shotCuts(cuts.equals("on")).exclusive(!overlap)
                        .smoothing(smoothing).background(background)
                        .queue(queue, drop == Drop.oldest ? LatestWindowQueue.Policy.DROP_OLDEST
                                : LatestWindowQueue.Policy.DROP_NEWEST)
                        .reconnect(500, millis(reconnectMax, "--reconnect-max"), reconnectAttempts).batch(batch)
                        .build();
            } catch (IllegalArgumentException e) {
                throw new UserInputException(e.getMessage(), e);
            }
            if (all.size() > 1) {
                Writer eventsOut = output == null
                        ? new NonClosing(spec.commandLine().getOut())
                        : Files.newBufferedWriter(output, StandardCharsets.UTF_8);
                EventWriter events = new EventWriter(eventsOut, eventFormat == Format.CSV ? EventWriter.Format.CSV
                        : EventWriter.Format.JSONL, output == null ? "stdout" : output.toString(), true);
                List<String> names = labelSet.names();
                ScoreLog log = scores == null ? null : ScoreLog.open(scores, names, scoresTop(names));
                return new MultiSourceRun(watcher, events, err, new MultiSourceRun.Outputs(log, timeline, names,
                        threshold, truthSegments, iou)).run(all);
            }
            return run(watcher, src, labelSet.names(), truthSegments == null ? null : truthSegments.get(0), err);
        }
    }

    private int run(ActionWatcher watcher, WatchSource src, List<String> names,
                    List<SegmentEvaluator.Segment> truthSegments, PrintWriter err) throws Exception {
        Writer eventsOut = output == null
                ? new NonClosing(spec.commandLine().getOut())
                : Files.newBufferedWriter(output, StandardCharsets.UTF_8);
        EventWriter events = new EventWriter(eventsOut, eventFormat == Format.CSV ? EventWriter.Format.CSV
                : EventWriter.Format.JSONL, output == null ? "stdout" : output.toString());
        ScoreLog log = scores == null ? null : ScoreLog.open(scores, names, scoresTop(names));
        Timeline plot = timeline == null ? null : new Timeline(src.spec(), names, threshold);
        if (plot != null && truthSegments != null) {
            plot.addTruth(truthSegments);
        }
        WatchListener listener = new WatchListener() {
            @Override
            public void window(ScoredWindow w) {
                if (log != null) {
                    log.accept(w);
                }
                if (plot != null) {
                    plot.accept(w);
                }
            }

            @Override
            public void event(Event e) {
                events.accept(e);
                if (plot != null) {
                    plot.addEvent(e);
                }
            }

            @Override
            public void notice(String message) {
                err.println("watch: " + message);
                err.flush();
            }
        };
        try (StopOnShutdown stop = new StopOnShutdown(watcher)) {
            ActionWatcher.Result r;
            try {
                r = watcher.watch(src, listener);
            } finally {
                events.close();
                if (log != null) {
                    log.close();
                }
            }
            if (plot != null) {
                Timeline.write(timeline, List.of(plot), 5);
            }
            report(r, truthSegments, err);
            return Main.EXIT_OK;
        }
    }

    private int scoresTop(List<String> names) {
        return scoresTop <= 0 ? names.size() : Math.min(scoresTop, names.size());
    }

    private void report(ActionWatcher.Result r, List<SegmentEvaluator.Segment> truthSegments, PrintWriter err) {
        err.printf(Locale.ROOT, "watch: %s: %d events, %d frames decoded; %s%s%n", source, r.events().size(),
                r.framesDecoded(), r.stats().summary(),
                r.stopped() ? " (stopped)" : r.endReason().equals("end of stream") ? "" : " (" + r.endReason() + ")");
        err.printf(Locale.ROOT, "real-time factor: %.2f%n", r.stats().realTimeFactor());
        if (truthSegments != null) {
            TruthReport.lines("", truthSegments, r.events(), iou).forEach(err::println);
        }
        err.flush();
    }

    private TextEmbeddingCache textCache() {
        if (cache == null) {
            return TextEmbeddingCache.defaultCache();
        }
        return cache.equalsIgnoreCase("none") ? null : new TextEmbeddingCache(Path.of(cache));
    }

    private static Span span(String text, String option) {
        try {
            return Span.parse(text);
        } catch (IllegalArgumentException e) {
            throw new UserInputException(option + ": " + e.getMessage(), e);
        }
    }

    /** A duration option in seconds (2s, 500ms): frames make no sense for it. */
    private static long millis(String text, String option) {
        if (text.strip().matches("0*\\.?0*\\s*(s|ms)?")) {
            return 0;
        }
        Span s = span(text, option);
        if (s.inFrames()) {
            throw new UserInputException(option + " takes seconds (e.g. 30s, 500ms), not frames: " + text);
        }
        return Math.round(s.value() * 1000);
    }

    /** Lets the event writer close its writer without closing stdout. */
    static final class NonClosing extends java.io.FilterWriter {
        NonClosing(Writer out) {
            super(out);
        }

        @Override
        public void close() throws IOException {
            flush();
        }
    }
}
