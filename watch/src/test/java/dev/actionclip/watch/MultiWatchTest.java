package dev.actionclip.watch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.actionclip.model.ActionClipModel;
import dev.actionclip.model.ModelLoader;
import dev.actionclip.model.ModelOptions;
import dev.actionclip.model.TextBanks;
import dev.actionclip.prompts.Templates;
import dev.actionclip.zeroshot.ZeroShotScorer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Several file sources watched together with one batched model agree with each watched alone. */
class MultiWatchTest {
    private static ActionClipModel model;
    private static ActionWatcher watcher;
    private static ModelWindowScorer scorer;

    @TempDir
    static Path tmp;
    private static List<Path> videos;

    @BeforeAll
    static void load() throws Exception {
        model = ModelLoader.load(WatchFixtures.model(), ModelOptions.defaults().withVocab(WatchFixtures.vocab())
                .withThreads(1));
        videos = new ArrayList<>();
        List<String> labels = null;
        for (int i = 0; i < 3; i++) {
            SyntheticLongVideo gen = WatchFixtures.video(2 + i, 2).seed(3 + i);
            labels = gen.labelNames();
            Path p = tmp.resolve("v" + i + ".mp4");
            gen.write(p.toString(), "mp4");
            videos.add(p);
        }
        var bank = TextBanks.build(model, null, labels, Templates.none(), null);
        scorer = new ModelWindowScorer(model, new ZeroShotScorer(bank));
        watcher = ActionWatcher.builder().scorer(scorer, labels, model.resolution()).window(Span.seconds(2))
                .stride(Span.seconds(1)).frames(4).threshold(1.01 / labels.size()).batch(8).build();
    }

    @AfterAll
    static void close() {
        if (model != null) {
            model.close();
        }
    }

    @Test
    void batchedScoresMatchOneByOne() throws Exception {
        java.util.Random rnd = new java.util.Random(1);
        int size = 3 * model.resolution() * model.resolution();
        List<List<float[]>> windows = new ArrayList<>();
        for (int w = 0; w < 5; w++) {
            List<float[]> frames = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                float[] f = new float[size];
                for (int k = 0; k < size; k++) {
                    f[k] = (float) rnd.nextGaussian();
                }
                frames.add(f);
            }
            windows.add(frames);
        }
        List<float[]> batched = scorer.scoreAll(windows);
        for (int w = 0; w < windows.size(); w++) {
            float[] one = scorer.score(windows.get(w));
            for (int c = 0; c < one.length; c++) {
                assertEquals(one[c], batched.get(w)[c], 1e-5, "window " + w + " label " + c);
            }
        }
    }

    @Test
    void sourcesWatchedTogetherFindWhatEachFindsAloneAndADeadOneDoesNotStopThem() throws Exception {
        Map<String, List<Event>> alone = new ConcurrentHashMap<>();
        for (Path v : videos) {
            alone.put(v.toString(), watcher.watch(WatchSource.file(v), null).events());
        }
        List<WatchSource> sources = new ArrayList<>();
        for (Path v : videos) {
            sources.add(WatchSource.file(v));
        }
        Path missing = tmp.resolve("missing.mp4");
        sources.add(1, WatchSource.file(missing));
        Map<String, List<Event>> heard = new ConcurrentHashMap<>();
        List<String> ended = new CopyOnWriteArrayList<>();
        MultiWatch.Result r = watcher.watchAll(sources, new SourceListener() {
            @Override
            public void event(WatchSource source, Event e) {
                heard.computeIfAbsent(source.spec(), k -> new CopyOnWriteArrayList<>()).add(e);
            }

            @Override
            public void ended(MultiWatch.SourceResult s) {
                ended.add(s.source().spec());
            }
        });
        assertEquals(4, r.sources().size());
        assertEquals(4, ended.size());
        MultiWatch.SourceResult dead = r.sources().get(1);
        assertEquals(missing.toString(), dead.source().spec());
        assertTrue(dead.failed(), dead.endReason());
        assertTrue(dead.result().events().isEmpty());
        assertTrue(r.forwardPasses() < r.windowsScored(), "windows are batched: " + r);
        for (MultiWatch.SourceResult s : r.sources()) {
            if (s == dead) {
                continue;
            }
            assertFalse(s.failed(), s.endReason());
            List<Event> expected = alone.get(s.source().spec());
            List<Event> got = s.result().events();
            assertFalse(expected.isEmpty(), "the fixture makes events");
            assertEquals(expected.size(), got.size(), s.source() + ": " + got + " vs " + expected);
            for (int i = 0; i < got.size(); i++) {
                assertEquals(expected.get(i).label(), got.get(i).label());
                assertEquals(expected.get(i).start(), got.get(i).start(), 1e-9);
                assertEquals(expected.get(i).end(), got.get(i).end(), 1e-9);
                assertEquals(expected.get(i).peakScore(), got.get(i).peakScore(), 1e-5);
            }
            assertEquals(got, heard.get(s.source().spec()), "events reach the listener with their source");
        }
    }
}
