package dev.actionclip.label;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.actionclip.formats.Csv;
import dev.actionclip.zeroshot.TopK;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResultWriterTest {
    @TempDir
    Path tmp;

    private static List<TopK.Entry> top() {
        return List.of(new TopK.Entry(0, "riding, a bike", 0.75f), new TopK.Entry(1, "run", 0.25f));
    }

    @Test
    void csvRowsHaveAHeaderAndQuoting() throws Exception {
        Path out = tmp.resolve("r.csv");
        try (ResultWriter w = ResultWriter.create(out, ResultWriter.Format.CSV, 2)) {
            w.success("a,b.mp4", top());
            w.failure("c.mp4", "cannot decode\nframe 3");
        }
        List<String> lines = Files.readAllLines(out);
        assertEquals("path,label_1,prob_1,label_2,prob_2,error", lines.get(0));
        assertEquals("\"a,b.mp4\",\"riding, a bike\",0.750000,run,0.250000,", lines.get(1));
        assertEquals("c.mp4,,,,,cannot decode frame 3", lines.get(2));
    }

    @Test
    void hostilePathsAndLabelsRoundTripThroughResume() throws Exception {
        Path out = tmp.resolve("h.csv");
        List<String> paths = List.of(" lead.mp4", "a \"b\".mp4", "c,d.mp4", "plain.mp4");
        List<TopK.Entry> top = List.of(new TopK.Entry(0, "x, \"y\"", 1f));
        try (ResultWriter w = ResultWriter.create(out, ResultWriter.Format.CSV, 1)) {
            for (String p : paths) {
                w.success(p, top);
            }
        }
        List<String> lines = Files.readAllLines(out);
        assertEquals("\" lead.mp4\",\"x, \"\"y\"\"\",1.000000,", lines.get(1));
        for (int i = 0; i < paths.size(); i++) {
            assertEquals(List.of(paths.get(i), "x, \"y\"", "1.000000", ""), Csv.split(lines.get(i + 1)));
        }
        Set<String> done = new HashSet<>();
        ResultWriter.openForResume(out, ResultWriter.Format.CSV, 1, done).close();
        assertEquals(Set.copyOf(paths), done);
    }

    @Test
    void resumeCutsATornLineAndKnowsWhatIsDone() throws Exception {
        for (ResultWriter.Format f : ResultWriter.Format.values()) {
            Path out = tmp.resolve("r." + f);
            try (ResultWriter w = ResultWriter.create(out, f, 2)) {
                w.success("one.mp4", top());
                w.failure("two.mp4", "broken");
            }
            Files.writeString(out, f == ResultWriter.Format.CSV ? "three.mp4,runn" : "{\"path\":\"three.mp4\",\"to",
                    StandardCharsets.UTF_8, StandardOpenOption.APPEND);
            Set<String> done = new HashSet<>();
            try (ResultWriter w = ResultWriter.openForResume(out, f, 2, done)) {
                assertEquals(Set.of("one.mp4", "two.mp4"), done, f.toString());
                w.success("three.mp4", top());
            }
            String text = Files.readString(out);
            assertTrue(text.endsWith("\n"));
            assertEquals(1, text.split("three.mp4", -1).length - 1, "three.mp4 exactly once in " + f);
            assertEquals(f == ResultWriter.Format.CSV ? 4 : 3, text.split("\n").length);
        }
    }

    @Test
    void expandsDirectoriesGlobsAndLists() throws Exception {
        Files.createDirectories(tmp.resolve("v/sub"));
        Files.writeString(tmp.resolve("v/b.mp4"), "");
        Files.writeString(tmp.resolve("v/sub/a.webm"), "");
        Files.writeString(tmp.resolve("v/notes.txt"), "");
        Files.writeString(tmp.resolve("list.txt"), "# my clips\nv/b.mp4\nmissing.mp4\n");
        List<String> dir = InputExpander.expand(List.of(tmp.resolve("v").toString()));
        assertEquals(List.of(tmp.resolve("v/b.mp4").toString(), tmp.resolve("v/sub/a.webm").toString()), dir);
        List<String> glob = InputExpander.expand(List.of(tmp + "/v/**.webm"));
        assertEquals(List.of(tmp.resolve("v/sub/a.webm").toString()), glob);
        List<String> list = InputExpander.expand(List.of("@" + tmp.resolve("list.txt"), "rtsp://cam/1"));
        assertEquals(List.of(tmp.resolve("v/b.mp4").toString(), tmp.resolve("missing.mp4").toString(), "rtsp://cam/1"), list);
    }
}
