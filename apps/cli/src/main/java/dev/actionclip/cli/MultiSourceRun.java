package dev.actionclip.cli;

import dev.actionclip.watch.ActionWatcher;
import dev.actionclip.watch.Event;
import dev.actionclip.watch.EventWriter;
import dev.actionclip.watch.MultiWatch;
import dev.actionclip.watch.ScoreLog;
import dev.actionclip.watch.ScoredWindow;
import dev.actionclip.watch.SegmentEvaluator;
import dev.actionclip.watch.SourceListener;
import dev.actionclip.watch.SourceTimelines;
import dev.actionclip.watch.Timeline;
import dev.actionclip.watch.TruthReport;
import dev.actionclip.watch.WatchSource;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code watch} with several SOURCEs: event rows carry their source, each source gets its own summary when it
 * ends, and one line sums up the shared model. Ctrl-C stops every source and still flushes what was found.
 * Optional outputs: a score log with a source column, one timeline file with a track per source, and the truth
 * scored per source (as each ends) and over all sources (at the end).
 */
final class MultiSourceRun {
    /**
     * What else the run writes; any part may be null (not asked for).
     *
     * @param truth the true segments of each source, in the order of the sources
     */
    record Outputs(ScoreLog scores, Path timeline, List<String> labels, double threshold,
                   List<List<SegmentEvaluator.Segment>> truth, double iou) {
    }

    private final ActionWatcher watcher;
    private final EventWriter events;
    private final PrintWriter err;
    private final Outputs outputs;
    private final Map<WatchSource, Integer> index = new IdentityHashMap<>();
    private SourceTimelines timelines;

    MultiSourceRun(ActionWatcher watcher, EventWriter events, PrintWriter err, Outputs outputs) {
        this.watcher = watcher;
        this.events = events;
        this.err = err;
        this.outputs = outputs;
    }

    int run(List<WatchSource> all) throws Exception {
        for (int i = 0; i < all.size(); i++) {
            index.put(all.get(i), i);
        }
        if (outputs.timeline() != null) {
            timelines = new SourceTimelines(all, outputs.labels(), outputs.threshold());
            for (int i = 0; outputs.truth() != null && i < all.size(); i++) {
                timelines.addTruth(i, outputs.truth().get(i));
            }
        }
        try (StopOnShutdown stop = new StopOnShutdown(watcher)) {
            MultiWatch.Result r;
            try {
                r = watcher.watchAll(all, listener());
            } finally {
                events.close();
                if (outputs.scores() != null) {
                    outputs.scores().close();
                }
            }
            long failed = r.sources().stream().filter(MultiWatch.SourceResult::failed).count();
            err.printf(Locale.ROOT, "watch: %d sources: %d events, %d frames decoded in %.1f s (%.1f frames/s); "
                            + "%d windows scored in %d forward passes (%.1f per pass, %.1f model frames/s)%s%n",
                    r.sources().size(), r.eventCount(), r.framesDecoded(), r.wallSeconds(), r.framesPerSecond(),
                    r.windowsScored(), r.forwardPasses(), r.meanBatch(), r.modelFramesPerSecond(),
                    r.stopped() ? " (stopped)" : failed > 0 ? " (" + failed + " failed)" : "");
            err.flush();
            if (failed == r.sources().size()) {
                throw new UserInputException("no source could be watched: " + r.sources().get(0).source() + ": "
                        + r.sources().get(0).endReason());
            }
            if (outputs.truth() != null) {
                List<SegmentEvaluator.Run> runs = new ArrayList<>();
                for (MultiWatch.SourceResult s : r.sources()) {
                    runs.add(new SegmentEvaluator.Run(outputs.truth().get(index.get(s.source())),
                            s.result().events()));
                }
                TruthReport.lines("all " + runs.size() + " sources", runs, outputs.iou()).forEach(err::println);
                err.flush();
            }
            if (timelines != null) {
                Timeline.write(outputs.timeline(), timelines.tracks(), 5);
            }
            return Main.EXIT_OK;
        }
    }

    private SourceListener listener() {
        return new SourceListener() {
            @Override
            public void window(WatchSource s, ScoredWindow w) {
                if (outputs.scores() != null) {
                    outputs.scores().accept(s.spec(), w);
                }
                if (timelines != null) {
                    timelines.window(s, w);
                }
            }

            @Override
            public void event(WatchSource s, Event e) {
                events.write(s.spec(), e);
                if (timelines != null) {
                    timelines.event(s, e);
                }
            }

            @Override
            public void notice(WatchSource s, String message) {
                synchronized (err) {
                    err.println("watch: " + message);
                    err.flush();
                }
            }

            @Override
            public void ended(MultiWatch.SourceResult r) {
                synchronized (err) {
                    report(r);
                }
            }
        };
    }

    private void report(MultiWatch.SourceResult s) {
        ActionWatcher.Result r = s.result();
        err.printf(Locale.ROOT, "watch: %s: %d events, %d frames decoded; %s%s%n", s.source(), r.events().size(),
                r.framesDecoded(), r.stats().summary(), r.stopped() ? " (stopped)"
                        : r.endReason().equals("end of stream") ? "" : " (" + (s.failed() ? "failed: " : "")
                        + r.endReason() + ")");
        err.printf(Locale.ROOT, "real-time factor: %.2f (%s)%n", s.realTimeFactor(), s.source());
        if (outputs.truth() != null) {
            TruthReport.lines(s.source().spec(), outputs.truth().get(index.get(s.source())), r.events(),
                    outputs.iou()).forEach(err::println);
        }
        err.flush();
    }
}
