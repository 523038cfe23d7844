package dev.actionclip.datasets.synth;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.actionclip.datasets.Dataset;
import dev.actionclip.datasets.KineticsAnnotations;
import dev.actionclip.datasets.VideoSample;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SyntheticActionsTest {
    private static SyntheticSpec small(long seed) {
        return SyntheticSpec.builder().seed(seed).shapes(List.of(Shape.CIRCLE, Shape.SQUARE))
                .colours(List.of(Colour.RED, Colour.BLUE)).motions(List.of(Motion.MOVING_LEFT, Motion.MOVING_RIGHT,
                        Motion.GROWING, Motion.ROTATING_CLOCKWISE))
                .perLabel(1).valPerLabel(1).unseenPerLabel(1).unseenFraction(0.25).frames(8).size(48).threads(2).build();
    }

    @Test
    void reversedMotionIsTheForwardFramesBackwards() {
        SyntheticActions gen = new SyntheticActions(SyntheticSpec.builder().build());
        for (Motion m : List.of(Motion.MOVING_LEFT, Motion.MOVING_UP, Motion.SHRINKING, Motion.ROTATING_COUNTERCLOCKWISE)) {
            ActionLabel back = new ActionLabel(Shape.TRIANGLE, Colour.GREEN, m);
            ActionLabel fwd = new ActionLabel(Shape.TRIANGLE, Colour.GREEN, m.opposite());
            assertTrue(fwd.motion() != back.motion() && !fwd.motion().reversed && back.motion().reversed);
            ClipParams p = gen.params("train", back, 3);
            byte[][] a = gen.render(back, p);
            byte[][] b = gen.render(fwd, p);
            assertEquals(16, a.length);
            for (int i = 0; i < a.length; i++) {
                assertArrayEquals(a[i], b[a.length - 1 - i], m + " frame " + i);
            }
            assertFalse(Arrays.equals(a[0], a[a.length - 1]), m + ": the object must change over the clip");
        }
    }

    @Test
    void motionsChangeTheObjectAsNamed() {
        SyntheticActions gen = new SyntheticActions(SyntheticSpec.builder().size(64).frames(8).build());
        ActionLabel right = new ActionLabel(Shape.SQUARE, Colour.RED, Motion.MOVING_RIGHT);
        ClipParams p = new ClipParams(0.5, 0.5, 0.1, 0.4, 0.5, 1.3, 0, 1, 2, new int[] {0, 0, 0}, 0,
                new int[] {0, 0, 0}, 1);
        byte[][] f = gen.render(right, p);
        assertTrue(centroidX(f[7], 64) > centroidX(f[0], 64) + 15, "moving right moves right");
        byte[][] g = gen.render(new ActionLabel(Shape.SQUARE, Colour.RED, Motion.GROWING), p);
        assertTrue(area(g[7]) > 3 * area(g[0]), "growing grows");
    }

    private static double centroidX(byte[] img, int size) {
        double sx = 0;
        int n = 0;
        for (int i = 0; i < size * size; i++) {
            if ((img[3 * i] & 0xff) > 128) {
                sx += i % size;
                n++;
            }
        }
        return sx / n;
    }

    private static int area(byte[] img) {
        int n = 0;
        for (int i = 0; i < img.length; i += 3) {
            n += (img[i] & 0xff) > 128 ? 1 : 0;
        }
        return n;
    }

    @Test
    void unseenCombinationsAreNotTrainedButTheirPartsAre() {
        SyntheticActions gen = new SyntheticActions(SyntheticSpec.builder().seed(7).unseenFraction(0.3).build());
        SyntheticActions.LabelSplit s = gen.split();
        assertEquals(gen.allLabels().size(), s.seen().size() + s.unseen().size());
        assertEquals(Math.round(0.3 * gen.allLabels().size()), s.unseen().size());
        Set<ActionLabel> seen = new HashSet<>(s.seen());
        for (ActionLabel u : s.unseen()) {
            assertFalse(seen.contains(u));
            assertTrue(s.seen().stream().anyMatch(l -> l.shape() == u.shape()));
            assertTrue(s.seen().stream().anyMatch(l -> l.colour() == u.colour()));
            assertTrue(s.seen().stream().anyMatch(l -> l.motion() == u.motion()));
        }
        assertFalse(s.unseen().stream().anyMatch(l -> l.shape() == Shape.CIRCLE
                && l.motion().kind == Motion.Kind.ROTATION));
        for (ActionLabel u : s.unseen()) { // each motion stays seen in at least half of its combinations
            long all = gen.allLabels().stream().filter(l -> l.motion() == u.motion()).count();
            long trained = s.seen().stream().filter(l -> l.motion() == u.motion()).count();
            assertTrue(trained >= (all + 1) / 2, u.motion() + ": " + trained + " of " + all + " seen");
            assertTrue(s.seen().stream().anyMatch(l -> l.shape() == u.shape() && l.motion() == u.motion()), u.name());
            assertTrue(s.seen().stream().anyMatch(l -> l.colour() == u.colour() && l.motion() == u.motion()), u.name());
            assertTrue(s.seen().stream().anyMatch(l -> l.shape() == u.shape() && l.colour() == u.colour()), u.name());
        }
        assertEquals(s, gen.split(), "the split is a function of the seed");
    }

    @Test
    void sameSeedWritesSameBytesAndTheKineticsLoaderReadsThem(@TempDir Path dir) throws Exception {
        SyntheticActions.Summary a = new SyntheticActions(small(5)).generate(dir.resolve("a"));
        SyntheticActions.Summary b = new SyntheticActions(small(5)).generate(dir.resolve("b"));
        new SyntheticActions(small(6)).generate(dir.resolve("c"));
        assertEquals(a.clips(), b.clips());
        List<Path> files = files(dir.resolve("a"));
        assertEquals(a.clips() + 5, files.size());
        for (Path f : files) {
            Path rel = dir.resolve("a").relativize(f);
            assertArrayEquals(Files.readAllBytes(f), Files.readAllBytes(dir.resolve("b").resolve(rel)), rel.toString());
        }
        Path some = files.stream().filter(f -> f.toString().endsWith(".mp4")) // a clip both seeds' splits hold
                .filter(f -> Files.exists(dir.resolve("c").resolve(dir.resolve("a").relativize(f)))).findFirst()
                .orElseThrow();
        assertFalse(Arrays.equals(Files.readAllBytes(some),
                Files.readAllBytes(dir.resolve("c").resolve(dir.resolve("a").relativize(some)))), "seed matters");

        List<String> rows = Files.readAllLines(dir.resolve("a/train.csv"));
        assertEquals("label,youtube_id,time_start,time_end,split", rows.get(0));
        assertTrue(rows.get(1).matches("[a-z ]+,t00000,0,\\d+,train"), rows.get(1));
        List<String> labelRows = Files.readAllLines(dir.resolve("a/labels.csv"));
        assertEquals("id,name", labelRows.get(0));
        assertTrue(labelRows.get(1).matches("0,[a-z ]+"), labelRows.get(1));
        Dataset train = KineticsAnnotations.builder(dir.resolve("a/train.csv"), dir.resolve("a"))
                .labels(dir.resolve("a/labels.csv")).load();
        assertEquals(a.trainClips(), train.size());
        assertEquals(a.seenLabels(), train.numLabels());
        Dataset unseen = KineticsAnnotations.builder(dir.resolve("a/unseen.csv"), dir.resolve("a"))
                .labels(dir.resolve("a/unseen_labels.csv")).load();
        assertEquals(a.unseenClips(), unseen.size());
        Set<String> overlap = new HashSet<>(unseen.labelNames());
        overlap.retainAll(train.labelNames());
        assertEquals(Set.of(), overlap);
        for (VideoSample s : train.samples()) {
            assertTrue(s.range().isEmpty(), "trimmed clips are used whole");
            assertTrue(s.path().startsWith(dir.resolve("a/train").resolve(s.labelName().replace(' ', '_'))));
        }
    }

    @Test
    void clipsDecodeToTheFramesAndReversedPairsDecodeReversed(@TempDir Path dir) throws Exception {
        SyntheticActions gen = new SyntheticActions(SyntheticSpec.builder().build());
        ActionLabel left = new ActionLabel(Shape.STAR, Colour.YELLOW, Motion.MOVING_LEFT);
        ActionLabel right = new ActionLabel(Shape.STAR, Colour.YELLOW, Motion.MOVING_RIGHT);
        ClipParams p = gen.params("val", left, 0);
        byte[][] l = gen.render(left, p);
        ClipWriter.write(dir.resolve("l.mp4"), l, 112, 112, 8, ClipWriter.DEFAULT_QUALITY);
        ClipWriter.write(dir.resolve("r.mp4"), gen.render(right, p), 112, 112, 8, ClipWriter.DEFAULT_QUALITY);
        List<byte[]> dl = decode(dir.resolve("l.mp4"), 112);
        List<byte[]> dr = decode(dir.resolve("r.mp4"), 112);
        assertEquals(16, dl.size());
        assertEquals(16, dr.size());
        for (int i = 0; i < 16; i++) {
            assertArrayEquals(dl.get(i), dr.get(15 - i), "intra-only frames decode identically, frame " + i);
            assertTrue(meanAbsDiff(dl.get(i), l[i]) < 8, "decoded frame " + i + " is close to the drawn one: "
                    + meanAbsDiff(dl.get(i), l[i]));
        }
        assertNotEquals(0, meanAbsDiff(dl.get(0), dl.get(15)));
    }

    @Test
    void badSpecsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> SyntheticSpec.builder().frames(1).build());
        assertThrows(IllegalArgumentException.class, () -> SyntheticSpec.builder().unseenFraction(1).build());
        assertThrows(IllegalArgumentException.class, () -> new SyntheticActions(SyntheticSpec.builder()
                .shapes(List.of(Shape.CIRCLE)).motions(List.of(Motion.ROTATING_CLOCKWISE)).build()).allLabels());
        assertEquals(Motion.MOVING_LEFT, Motion.parse("left"));
        assertEquals(Motion.MOVING_LEFT, Motion.parse("Moving-Left"));
        assertEquals(Motion.ROTATING_COUNTERCLOCKWISE, Motion.parse("anticlockwise"));
        assertEquals(Motion.ROTATING_CLOCKWISE, Motion.parse("clockwise"));
        assertEquals(Motion.GROWING, Motion.parse("growing"));
        assertThrows(IllegalArgumentException.class, () -> Motion.parse("rotating"));
        assertEquals(Colour.RED, Colour.parse(" red "));
        assertThrows(IllegalArgumentException.class, () -> Shape.parse("blob"));
    }

    static List<byte[]> decode(Path file, int size) throws Exception {
        List<byte[]> out = new ArrayList<>();
        try (FFmpegFrameGrabber g = new FFmpegFrameGrabber(file.toFile())) {
            g.setPixelFormat(avutil.AV_PIX_FMT_RGB24);
            g.start();
            Frame f;
            while ((f = g.grabImage()) != null) {
                assertEquals(size, f.imageWidth);
                ByteBuffer buf = (ByteBuffer) f.image[0];
                byte[] img = new byte[size * size * 3];
                for (int y = 0; y < size; y++) {
                    buf.get(y * f.imageStride, img, y * size * 3, size * 3);
                }
                out.add(img);
            }
        }
        return out;
    }

    private static double meanAbsDiff(byte[] a, byte[] b) {
        long s = 0;
        for (int i = 0; i < a.length; i++) {
            s += Math.abs((a[i] & 0xff) - (b[i] & 0xff));
        }
        return s / (double) a.length;
    }

    private static List<Path> files(Path root) throws Exception {
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(Files::isRegularFile).sorted().toList();
        }
    }
}
