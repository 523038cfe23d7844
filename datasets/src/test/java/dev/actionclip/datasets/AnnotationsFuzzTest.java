package dev.actionclip.datasets;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.actionclip.testsupport.Hostile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Fuzzes the dataset readers over a small fixed video tree: Kinetics annotation CSVs ({@link KineticsAnnotations},
 * with and without a label file, split filter and skipMissing) and ActionCLIP/mmaction frame and video lists
 * ({@link ActionClipLists}). Only {@link DatasetException} may escape, naming the annotation file. Seeds:
 * {@code AnnotationsFuzzTestInputs/kinetics/} and {@code .../lists/} ({@link SeedCorpus}).
 */
class AnnotationsFuzzTest {
    private static Path root;
    private static Path labels;

    /** videos/: clips in split/label folders, a duplicate stem, an untrimmed video, an empty file, frame folders. */
    private static synchronized Path root() {
        if (root == null) {
            try {
                Path r = Hostile.folder().resolve("videos");
                for (String f : new String[] {"train/abseiling/abc_000001_000011.mp4", "abc_000001_000011.mp4",
                        "val/riding a bike/xyz_000000_000010.mkv", "untrimmed.mp4", "frames/vid1/img_00001.jpg",
                        "frames/vid1/img_00002.jpg", "frames/vid1/img_00003.jpg", "frames/with space/img_00001.jpg"}) {
                    Files.createDirectories(r.resolve(f).getParent());
                    Files.write(r.resolve(f), new byte[] {1});
                }
                Files.write(r.resolve("empty.mp4"), new byte[0]);
                labels = Files.writeString(Hostile.folder().resolve("labels.csv"),
                        "id,name\n0,abseiling\n1,riding a bike\n2,untrimmed\n");
                root = r;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return root;
    }

    @FuzzTest(maxDuration = "10m")
    void kinetics(byte[] input) {
        Path videos = root();
        Path csv = Hostile.file("kinetics/annotations.csv", input);
        check("KineticsAnnotations", input.length, csv, () -> KineticsAnnotations.builder(csv, videos).load());
        check("KineticsAnnotations(labels, split, skipMissing)", input.length, csv,
                () -> KineticsAnnotations.builder(csv, videos).labels(labels).split("train").skipMissing(true).load());
    }

    @FuzzTest(maxDuration = "10m")
    void lists(byte[] input) {
        Path videos = root();
        Path list = Hostile.file("lists/list.txt", input);
        check("ActionClipLists.frames", input.length, list,
                () -> ActionClipLists.frames(list).root(videos.resolve("frames")).load());
        check("ActionClipLists.videos(labels, skipMissing)", input.length, list,
                () -> ActionClipLists.videos(list).root(videos).labels(labels).skipMissing(true).load());
    }

    private static void check(String what, long size, Path file, Hostile.Body load) {
        Throwable t = Hostile.check(what, size, () -> {
            load.run();
        }, DatasetException.class);
        if (t != null && !t.getMessage().contains(file.toString())) {
            throw new AssertionError(what + ": error does not name " + file + ": " + t.getMessage(), t);
        }
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
