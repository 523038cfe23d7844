package dev.actionclip.datasets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KineticsAnnotationsTest {
    static Path touch(Path p) throws IOException {
        Files.createDirectories(p.getParent());
        Files.write(p, new byte[] {0, 0, 0, 1});
        return p;
    }

    static Path write(Path p, String... lines) throws IOException {
        Files.createDirectories(p.getParent());
        Files.writeString(p, String.join("\n", lines) + "\n");
        return p;
    }

    @Test
    void treeLayoutWithQuotedLabelsAndExtraColumns(@TempDir Path dir) throws IOException {
        Path a = touch(dir.resolve("v/val/abseiling/aaa_000010_000020.mp4"));
        Path b = touch(dir.resolve("v/val/passing American football (in game)/bbb_000003_000013.mkv"));
        Path c = touch(dir.resolve("v/val/cooking, baking/c-c_c_000000_000010.webm"));
        Path csv = write(dir.resolve("val.csv"),
                "label,youtube_id,time_start,time_end,split,is_cc",
                "abseiling,aaa,10,20,val,0",
                "\"passing American football (in game)\",bbb,3,13,val,0",
                "",
                "\"cooking, baking\",c-c_c,0.0,10.0,val,1");
        Dataset ds = KineticsAnnotations.builder(csv, dir.resolve("v")).load();
        assertEquals(List.of("abseiling", "cooking, baking", "passing American football (in game)"), ds.labelNames());
        assertEquals(3, ds.size());
        assertEquals(a, ds.samples().get(0).path());
        assertEquals(b, ds.samples().get(1).path());
        assertEquals(2, ds.samples().get(1).labelId());
        assertEquals(c, ds.samples().get(2).path());
        assertEquals(1, ds.samples().get(2).labelId());
        assertTrue(ds.samples().stream().allMatch(s -> s.range().isEmpty()));
        assertEquals(csv + ":3", ds.samples().get(1).source());
    }

    @Test
    void flatLayoutUntrimmedVideosAndLabelFile(@TempDir Path dir) throws IOException {
        Path trimmed = touch(dir.resolve("v/aaa_000010_000020.avi"));
        Path untrimmed = touch(dir.resolve("v/bbb.MOV"));
        Path labels = write(dir.resolve("labels.csv"), "id,name", "0,zumba", "1,abseiling", "2,bowling");
        Path csv = write(dir.resolve("train.csv"), "label,youtube_id,time_start,time_end,split",
                "abseiling,aaa,10,20,train", "zumba,bbb,12.5,22.5,train");
        Dataset ds = KineticsAnnotations.builder(csv, dir.resolve("v")).labels(labels).load();
        assertEquals(List.of("zumba", "abseiling", "bowling"), ds.labelNames());
        VideoSample s0 = ds.samples().get(0);
        assertEquals(trimmed, s0.path());
        assertEquals(1, s0.labelId());
        assertTrue(s0.range().isEmpty());
        VideoSample s1 = ds.samples().get(1);
        assertEquals(untrimmed, s1.path());
        assertEquals(0, s1.labelId());
        assertEquals(new VideoSample.TimeRange(12.5, 22.5), s1.range().orElseThrow());
    }

    @Test
    void splitFilterAndUnderscoreLabelFolders(@TempDir Path dir) throws IOException {
        touch(dir.resolve("v/train/tying_tie/x_000000_000010.mp4"));
        Path want = touch(dir.resolve("v/val/tying_tie/x_000000_000010.mp4"));
        Path csv = write(dir.resolve("all.csv"), "label,youtube_id,time_start,time_end,split",
                "tying tie,x,0,10,train", "tying tie,x,0,10,val");
        Dataset ds = KineticsAnnotations.builder(csv, dir.resolve("v")).split("val").load();
        assertEquals(1, ds.size());
        assertEquals(want, ds.samples().get(0).path());
    }

    @Test
    void everyMissingVideoIsReportedWithItsLine(@TempDir Path dir) throws IOException {
        touch(dir.resolve("v/train/a/ok_000000_000010.mp4"));
        Files.createDirectories(dir.resolve("v/train/a"));
        Files.write(dir.resolve("v/train/a/empty_000000_000010.mp4"), new byte[0]);
        Path csv = write(dir.resolve("train.csv"), "label,youtube_id,time_start,time_end,split",
                "a,ok,0,10,train", "a,gone1,0,10,train", "a,empty,0,10,train", "a,gone2,5,15,train");
        DatasetException e = assertThrows(DatasetException.class,
                () -> KineticsAnnotations.builder(csv, dir.resolve("v")).load());
        assertEquals(3, e.problems().size(), e.getMessage());
        assertTrue(e.getMessage().contains(csv + ":3: no video for youtube_id 'gone1'"), e.getMessage());
        assertTrue(e.getMessage().contains(csv + ":4: ") && e.getMessage().contains("is empty"), e.getMessage());
        assertTrue(e.getMessage().contains(csv + ":5: no video for youtube_id 'gone2'"), e.getMessage());
        assertTrue(e.getMessage().contains("gone2_000005_000015"), e.getMessage());

        Dataset ds = KineticsAnnotations.builder(csv, dir.resolve("v")).skipMissing(true).load();
        assertEquals(1, ds.size());
        assertEquals(3, ds.skipped());
    }

    @Test
    void manyProblemsAreCappedInTheMessage(@TempDir Path dir) throws IOException {
        StringBuilder sb = new StringBuilder("label,youtube_id,time_start,time_end,split\n");
        for (int i = 0; i < 30; i++) {
            sb.append("a,id").append(i).append(",0,10,train\n");
        }
        Path csv = write(dir.resolve("t.csv"), sb.toString());
        Files.createDirectories(dir.resolve("v"));
        DatasetException e = assertThrows(DatasetException.class,
                () -> KineticsAnnotations.builder(csv, dir.resolve("v")).load());
        assertEquals(30, e.problems().size());
        assertTrue(e.getMessage().contains("... and 10 more"), e.getMessage());
        assertTrue(e.getMessage().contains(csv + ":31:") || e.problems().get(29).contains(csv + ":31:"));
    }

    @Test
    void badRowsHeaderAndEmptyFilesAreClearErrors(@TempDir Path dir) throws IOException {
        Files.createDirectories(dir.resolve("v"));
        Path noHeader = write(dir.resolve("a.csv"), "abseiling,aaa,10,20,val");
        DatasetException e = assertThrows(DatasetException.class,
                () -> KineticsAnnotations.builder(noHeader, dir.resolve("v")).load());
        assertTrue(e.getMessage().contains(noHeader + ":1: header lacks column 'label'"), e.getMessage());

        Path onlyHeader = write(dir.resolve("b.csv"), "label,youtube_id,time_start,time_end,split");
        e = assertThrows(DatasetException.class, () -> KineticsAnnotations.builder(onlyHeader, dir.resolve("v")).load());
        assertTrue(e.getMessage().contains(onlyHeader + ": no entries"), e.getMessage());

        Path bad = write(dir.resolve("c.csv"), "label,youtube_id,time_start,time_end,split",
                "a,x,ten,20,train", "a,y,20,10,train", "a,z", "\"a,w,0,1,train");
        e = assertThrows(DatasetException.class, () -> KineticsAnnotations.builder(bad, dir.resolve("v")).load());
        assertEquals(4, e.problems().size(), e.getMessage());
        assertTrue(e.problems().get(0).startsWith(bad + ":2: time_start/time_end are not numbers"), e.getMessage());
        assertTrue(e.problems().get(1).startsWith(bad + ":3: bad time range"), e.getMessage());
        assertTrue(e.problems().get(2).startsWith(bad + ":4: expected 5 columns"), e.getMessage());
        assertTrue(e.problems().get(3).startsWith(bad + ":5: unterminated quote"), e.getMessage());

        touch(dir.resolve("v/x_000000_000010.mp4"));
        Path labels = write(dir.resolve("labels.csv"), "0,b");
        Path unknown = write(dir.resolve("d.csv"), "label,youtube_id,time_start,time_end,split", "a,x,0,10,train");
        e = assertThrows(DatasetException.class,
                () -> KineticsAnnotations.builder(unknown, dir.resolve("v")).labels(labels).load());
        assertTrue(e.getMessage().contains(unknown + ":2: label 'a' is not in " + labels), e.getMessage());
    }

    @Test
    void aStrayQuoteMidFileIsReportedAtItsLine(@TempDir Path dir) throws IOException {
        Files.createDirectories(dir.resolve("v"));
        Path csv = write(dir.resolve("s.csv"), "label,youtube_id,time_start,time_end,split",
                "a,x,ten,20,train", "\"a,y,0,10,train", "b,z,0,10,train", "c,w,0,10,train");
        DatasetException e = assertThrows(DatasetException.class,
                () -> KineticsAnnotations.builder(csv, dir.resolve("v")).load());
        assertEquals(2, e.problems().size(), e.getMessage());
        assertTrue(e.problems().get(0).startsWith(csv + ":2: time_start/time_end"), e.getMessage());
        assertTrue(e.problems().get(1).startsWith(csv + ":3: unterminated quote"), e.getMessage());

        // a later quote closes the stray one: the merged record is still reported at the line it starts on
        Path merged = write(dir.resolve("m.csv"), "label,youtube_id,time_start,time_end,split",
                "\"a,y,0,10,train", "b\",z,0,10,train");
        e = assertThrows(DatasetException.class, () -> KineticsAnnotations.builder(merged, dir.resolve("v")).load());
        assertTrue(e.getMessage().contains(merged + ":2: a field runs over several lines"), e.getMessage());

        Path header = write(dir.resolve("h.csv"), "\"label,youtube_id,time_start,time_end,split");
        e = assertThrows(DatasetException.class, () -> KineticsAnnotations.builder(header, dir.resolve("v")).load());
        assertTrue(e.getMessage().startsWith(header + ":1: unterminated quote"), e.getMessage());
    }

    @Test
    void labelFilesAreChecked(@TempDir Path dir) throws IOException {
        Path gap = write(dir.resolve("gap.csv"), "id,name", "0,a", "2,c");
        assertTrue(assertThrows(DatasetException.class, () -> KineticsAnnotations.readLabels(gap)).getMessage()
                .contains("missing ids [1]"));
        Path dup = write(dir.resolve("dup.csv"), "0,a", "1,b", "1,c");
        assertTrue(assertThrows(DatasetException.class, () -> KineticsAnnotations.readLabels(dup)).getMessage()
                .contains(dup + ":3: label id 1 appears twice"));
        Path bad = write(dir.resolve("bad.csv"), "id,name", "x,a");
        assertTrue(assertThrows(DatasetException.class, () -> KineticsAnnotations.readLabels(bad)).getMessage()
                .contains(bad + ":2: label id 'x' is not an integer"));
        Path quoted = write(dir.resolve("q.csv"), "\uFEFFid,name", "1,\"b, \"\"quoted\"\"\"", "0,a");
        assertEquals(List.of("a", "b, \"quoted\""), KineticsAnnotations.readLabels(quoted).names());
        Path open = write(dir.resolve("open.csv"), "id,name", "0,a", "1,\"b", "2,c");
        assertTrue(assertThrows(DatasetException.class, () -> KineticsAnnotations.readLabels(open)).getMessage()
                .startsWith(open + ":3: unterminated quote"));
    }
}
