package dev.actionclip.watch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
}
