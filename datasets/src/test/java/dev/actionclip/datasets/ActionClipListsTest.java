package dev.actionclip.datasets;

import static dev.actionclip.datasets.KineticsAnnotationsTest.touch;
import static dev.actionclip.datasets.KineticsAnnotationsTest.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ActionClipListsTest {
    @Test
    void frameList(@TempDir Path dir) throws IOException {
        for (String f : new String[] {"img_00001.jpg", "img_00002.jpg", "img_00003.jpg"}) {
            touch(dir.resolve("frames/v_ApplyEyeMakeup_g01_c01").resolve(f));
            touch(dir.resolve("frames/with space").resolve(f));
        }
        Path labels = write(dir.resolve("labels.csv"), "id,name", "0,ApplyEyeMakeup", "1,Archery");
        Path list = write(dir.resolve("lists/train_frames.txt"),
                "# frame_dir num_frames label", "v_ApplyEyeMakeup_g01_c01 3 0", "", "with space   3\t1");
        Dataset ds = ActionClipLists.frames(list).root(dir.resolve("frames")).labels(labels).load();
        assertEquals(2, ds.size());
        VideoSample s = ds.samples().get(0);
        assertEquals(dir.resolve("frames/v_ApplyEyeMakeup_g01_c01"), s.path());
        assertEquals("ApplyEyeMakeup", s.labelName());
        assertTrue(s.isFrameFolder());
        assertEquals(3, s.frames().orElseThrow().count());
        assertEquals("img_00001.jpg", s.frames().orElseThrow().fileName(0));
        assertEquals("img_00003.jpg", s.frames().orElseThrow().fileName(2));
        assertEquals(dir.resolve("frames/with space"), ds.samples().get(1).path());
        assertEquals(1, ds.samples().get(1).labelId());
        assertEquals(list + ":4", ds.samples().get(1).source());
    }

    @Test
    void frameListReportsMissingFramesAndFolders(@TempDir Path dir) throws IOException {
        touch(dir.resolve("a/img_00001.jpg"));
        touch(dir.resolve("a/img_00002.jpg"));
        Path list = write(dir.resolve("list.txt"), "a 2 0", "a 5 0", "nope 2 1");
        DatasetException e = assertThrows(DatasetException.class, () -> ActionClipLists.frames(list).load());
        assertEquals(2, e.problems().size(), e.getMessage());
        assertTrue(e.problems().get(0).startsWith(list + ":2: ") && e.problems().get(0).contains("img_00005.jpg"),
                e.getMessage());
        assertTrue(e.problems().get(1).startsWith(list + ":3: frame folder"), e.getMessage());
        Dataset ds = ActionClipLists.frames(list).skipMissing(true).load();
        assertEquals(1, ds.size());
        assertEquals(2, ds.skipped());
        assertEquals(List.of("0", "1"), ds.labelNames(), "without a label file the names are the ids");
    }

    @Test
    void videoListLikeMmaction(@TempDir Path dir) throws IOException {
        Path v1 = touch(dir.resolve("videos/abseiling/a.mp4"));
        Path v2 = touch(dir.resolve("videos/zumba/b.mkv"));
        Path labels = write(dir.resolve("labels.csv"), "id,name", "0,abseiling", "1,zumba");
        Path list = write(dir.resolve("val_videos.txt"), "abseiling/a.mp4 0", "zumba/b.mkv 1", v1 + " 0");
        Dataset ds = ActionClipLists.videos(list).root(dir.resolve("videos")).labels(labels).load();
        assertEquals(3, ds.size());
        assertEquals(v1, ds.samples().get(0).path());
        assertEquals(v2, ds.samples().get(1).path());
        assertEquals("zumba", ds.samples().get(1).labelName());
        assertEquals(v1, ds.samples().get(2).path(), "absolute paths are kept");
        assertTrue(ds.samples().get(0).frames().isEmpty());
    }

    @Test
    void labelOutOfRangeMalformedAndEmpty(@TempDir Path dir) throws IOException {
        touch(dir.resolve("a.mp4"));
        Path labels = write(dir.resolve("labels.csv"), "id,name", "0,a", "1,b");
        Path list = write(dir.resolve("l.txt"), "a.mp4 0", "a.mp4 2", "a.mp4", "a.mp4 x", "a.mp4 -1");
        DatasetException e = assertThrows(DatasetException.class,
                () -> ActionClipLists.videos(list).labels(labels).load());
        assertEquals(4, e.problems().size(), e.getMessage());
        assertTrue(e.getMessage().contains(list + ":3: expected '<video_path> <label_id>'"), e.getMessage());
        assertTrue(e.getMessage().contains(list + ":4: expected"), e.getMessage());
        assertTrue(e.getMessage().contains(list + ":5: label id -1 is out of range"), e.getMessage());
        assertTrue(e.getMessage().contains(list + ":2: label id 2 is out of range: " + labels + " has 2 labels"),
                e.getMessage());

        Path frames = write(dir.resolve("f.txt"), "a 0 1");
        e = assertThrows(DatasetException.class, () -> ActionClipLists.frames(frames).load());
        assertTrue(e.getMessage().contains(frames + ":1: number of frames must be positive"), e.getMessage());

        Path empty = write(dir.resolve("empty.txt"), "# nothing", "");
        e = assertThrows(DatasetException.class, () -> ActionClipLists.videos(empty).load());
        assertTrue(e.getMessage().startsWith(empty + ": empty list"), e.getMessage());
        Files.writeString(empty, "");
        e = assertThrows(DatasetException.class, () -> ActionClipLists.frames(empty).load());
        assertTrue(e.getMessage().contains("<frame_dir> <num_frames> <label_id>"), e.getMessage());
    }
}
