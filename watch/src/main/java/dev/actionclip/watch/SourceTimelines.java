package dev.actionclip.watch;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * One {@link Timeline} per source of a multi-source watch ({@link ActionWatcher#watchAll}), fed as (part of) its
 * {@link SourceListener}: each source's smoothed windows and events go to that source's track, titled by the source
 * as given. Safe to feed from several threads; read the tracks once the watch has returned.
 */
public final class SourceTimelines implements SourceListener {
    private final List<Timeline> tracks = new ArrayList<>();
    private final Map<WatchSource, Timeline> bySource = new IdentityHashMap<>();

    public SourceTimelines(List<WatchSource> sources, List<String> labels, double threshold) {
        for (WatchSource s : sources) {
            Timeline t = new Timeline(s.spec(), labels, threshold);
            tracks.add(t);
            bySource.put(s, t);
        }
    }

    @Override
    public void window(WatchSource source, ScoredWindow w) {
        Timeline t = track(source);
        synchronized (t) {
            t.accept(w);
        }
    }

    @Override
    public void event(WatchSource source, Event e) {
        Timeline t = track(source);
        synchronized (t) {
            t.addEvent(e);
        }
    }

    /** The true segments of the {@code index}-th source, drawn on its track. */
    public void addTruth(int index, List<SegmentEvaluator.Segment> segments) {
        Timeline t = tracks.get(index);
        synchronized (t) {
            t.addTruth(segments);
        }
    }

    /** The tracks in the order of the sources. */
    public List<Timeline> tracks() {
        return List.copyOf(tracks);
    }

    private Timeline track(WatchSource source) {
        // the map is filled before the watch starts and only read after, so it needs no lock
        Timeline t = bySource.get(source);
        if (t == null) {
            throw new IllegalArgumentException("not a source of this watch: " + source.spec());
        }
        return t;
    }
}
