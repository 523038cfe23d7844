package dev.actionclip.watch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TimelineTest {
    static final List<String> LABELS = List.of("waving <hand>", "jumping", "clapping", "nothing");

    /** 120 s: waving 10-25 s, jumping 60-80 s, background otherwise, through a real detector. */
    static Timeline sample() {
        Timeline tl = new Timeline("demo & test.mp4", LABELS, 0.5);
        EventDetector d = EventDetector.builder(LABELS).threshold(0.5).background("nothing")
                .smoothing(Smoother.movingAverage(3)).smoothedListener(tl).listener(tl::addEvent).build();
        for (int i = 0; i < 120; i++) {
            double wave = i >= 10 && i < 25 ? 0.8 : 0.05;
            double jump = i >= 60 && i < 80 ? 0.7 : 0.05;
            double clap = 0.1 + 0.05 * Math.sin(i / 5.0);
            double rest = Math.max(0, 1 - wave - jump - clap);
            d.accept(i, i + 2, new float[] {(float) wave, (float) jump, (float) clap, (float) rest});
        }
        d.finish();
        return tl;
    }

    @Test
    void htmlIsSelfContainedAndHasAllParts() {
        Timeline tl = sample();
        assertEquals(2, tl.events().size());
        String html = TimelineHtml.render(tl, 3);
        assertTrue(html.startsWith("<!DOCTYPE html>"));
        assertTrue(html.contains("<svg"));
        assertFalse(html.contains("<script"));
        assertFalse(html.contains("href="));
        assertFalse(html.contains("<link"));
        assertTrue(html.contains("Timeline - demo &amp; test.mp4"));
        assertTrue(html.contains("waving &lt;hand&gt;"));
        assertEquals(3, html.split("<polyline").length - 1);
        assertTrue(html.contains("stroke-dasharray"));
        assertTrue(html.contains("threshold 0.50"));
        assertTrue(html.contains(">01:00<"), "mm:ss ticks");
        assertEquals(2, html.split("fill-opacity=\"0.18\"").length - 1, "one band per event");
        // Labels with events are drawn first.
        assertEquals(List.of(0, 1), tl.topLabels(2));
    }

    @Test
    void pngIsWrittenAndReadable(@TempDir Path dir) throws IOException {
        Path p = dir.resolve("timeline.png");
        TimelinePng.write(sample(), 3, p);
        BufferedImage img = ImageIO.read(p.toFile());
        assertEquals(Timeline.WIDTH, img.getWidth());
        String out = System.getProperty("actionclip.timeline.out");
        if (out != null) {
            Files.copy(p, Path.of(out), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            TimelineHtml.write(sample(), 3, Path.of(out.replace(".png", ".html")));
        }
    }

    @Test
    void longStreamsAreDownsampledAndClockFormats() {
        Timeline tl = new Timeline("live", List.of("a"), 0.5, 100);
        for (int i = 0; i < 1000; i++) {
            tl.accept(new ScoredWindow(i, i + 1, new float[] {i % 2}));
        }
        assertTrue(tl.points().size() <= 100);
        assertEquals(0, tl.points().get(0).start(), 1e-9);
        assertEquals(1000, tl.points().get(tl.points().size() - 1).end(), 1e-9);
        assertEquals(0.5, tl.points().get(3).scores()[0], 1e-6);
        assertEquals("00:00", Timeline.clock(0));
        assertEquals("01:05", Timeline.clock(65));
        assertEquals("1:02:03", Timeline.clock(3723));
        assertEquals("00:02.5", Timeline.clock(2.5));
        assertEquals("00:03", Timeline.clock(2.99));
    }

    @Test
    void severalSourcesGiveOnePlotEachWithTheirTruth(@TempDir Path dir) throws IOException {
        Timeline a = sample();
        a.addTruth(List.of(new SegmentEvaluator.Segment("waving <hand>", 9, 26),
                new SegmentEvaluator.Segment("jumping", 61, 79), new SegmentEvaluator.Segment("unknown", 90, 95)));
        Timeline b = new Timeline("rtsp://cam/2", LABELS, 0.5);
        b.accept(new ScoredWindow(0, 2, new float[] {0.1f, 0.6f, 0.2f, 0.1f}));
        String html = TimelineHtml.render(List.of(a, b), 3);
        assertTrue(html.contains("<title>Timeline - 2 sources</title>"), "page title");
        assertTrue(html.contains("Timeline - demo &amp; test.mp4"));
        assertTrue(html.contains("Timeline - rtsp://cam/2"));
        assertEquals(2, html.split("<svg").length - 1, "one plot per source");
        assertEquals(3, html.split("fill-opacity=\"0.7\"").length - 1, "one truth bar per segment");
        assertTrue(html.contains("truth: jumping 01:01-01:19"));
        assertTrue(html.indexOf("demo &amp; test.mp4") < html.indexOf("rtsp://cam/2"), "sources in order");
        // The truth strip pushes the axis down; a plot without truth keeps its height.
        assertEquals(Timeline.y(0) + Timeline.TRUTH_ROW, a.axisY(), 1e-9);
        assertEquals(Timeline.y(0), b.axisY(), 1e-9);

        Path png = dir.resolve("two.png");
        Timeline.write(png, List.of(a, b), 3);
        BufferedImage img = ImageIO.read(png.toFile());
        assertEquals(Timeline.WIDTH, img.getWidth());
        assertEquals(TimelinePng.render(a, 3).getHeight() + TimelinePng.render(b, 3).getHeight(), img.getHeight());
        Path page = dir.resolve("two.html");
        Timeline.write(page, List.of(a, b), 3);
        assertEquals(html, Files.readString(page));
    }

    @Test
    void sourceTimelinesKeepEachSourceOnItsOwnTrackAcrossThreads() throws Exception {
        List<WatchSource> sources = List.of(WatchSource.parse("a.mp4", false, Duration.ofSeconds(1)),
                WatchSource.parse("b.mp4", false, Duration.ofSeconds(1)));
        SourceTimelines timelines = new SourceTimelines(sources, List.of("x", "y"), 0.5);
        Thread[] feeders = new Thread[2];
        for (int k = 0; k < 2; k++) {
            WatchSource s = sources.get(k);
            int windows = 500 + k * 100;
            feeders[k] = new Thread(() -> {
                for (int i = 0; i < windows; i++) {
                    timelines.window(s, new ScoredWindow(i, i + 1, new float[] {0.2f, 0.8f}));
                }
                timelines.event(s, new Event("y", 1, 0, windows, 0.8));
            });
            feeders[k].start();
        }
        for (Thread t : feeders) {
            t.join();
        }
        timelines.addTruth(1, List.of(new SegmentEvaluator.Segment("y", 0, 10)));
        List<Timeline> tracks = timelines.tracks();
        assertEquals(List.of("a.mp4", "b.mp4"), tracks.stream().map(Timeline::source).toList());
        assertEquals(500, tracks.get(0).points().size());
        assertEquals(600, tracks.get(1).points().size());
        assertEquals(600, tracks.get(1).events().get(0).end(), 1e-9);
        assertTrue(tracks.get(0).truth().isEmpty());
        assertEquals(1, tracks.get(1).truth().size());
    }
}
