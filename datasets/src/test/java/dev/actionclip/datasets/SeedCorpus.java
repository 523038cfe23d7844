package dev.actionclip.datasets;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import dev.actionclip.testsupport.SeedFiles;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The recipe of the datasets fuzz targets' seed corpora, written as {@code <TestClass>Inputs/<method>/seed-*}
 * under {@code src/test/resources/dev/actionclip/datasets/}; run {@link #main} with the datasets module folder to
 * regenerate. The names in them match the video tree {@link AnnotationsFuzzTest} builds.
 */
public final class SeedCorpus {
    static final String PACKAGE_DIR = "src/test/resources/dev/actionclip/datasets";

    private SeedCorpus() {
    }

    public static void main(String[] args) throws IOException {
        SeedFiles.write(Path.of(args.length > 0 ? args[0] : "."), PACKAGE_DIR, all()).forEach(System.out::println);
    }

    static Map<String, Map<String, byte[]>> all() {
        Map<String, Map<String, byte[]>> m = new LinkedHashMap<>();
        Map<String, byte[]> k = new LinkedHashMap<>();
        k.put("seed-kinetics.csv", utf8("label,youtube_id,time_start,time_end,split\n"
                + "abseiling,abc,1,11,train\nriding a bike,xyz,0,10,val\nuntrimmed,untrimmed,2.5,7,test\n"
                + "abseiling,abc,1,11,train\n"));
        k.put("seed-extra-columns-quoted.csv", utf8("\ufeffyoutube_id,label,is_cc,time_end,time_start,split\r\n"
                + "abc,\"abseiling\",0,11.0,1.0,train\r\nxyz,\"riding a bike\",1,10,0,\"val\"\r\n"));
        k.put("seed-problems.csv", utf8("label,youtube_id,time_start,time_end\nabseiling,,1,2\n,abc,1,2\n"
                + "abseiling,abc,x,2\nabseiling,abc,5,2\nskiing,nope,0,10\nabseiling,empty,0,1\na,b\n\"open,abc,1,2\n"));
        k.put("seed-no-header.csv", utf8("abseiling,abc,1,11,train\n"));
        m.put("AnnotationsFuzzTestInputs/kinetics", k);

        Map<String, byte[]> l = new LinkedHashMap<>();
        l.put("seed-frames.txt", utf8("# frame_dir num_frames label\nvid1 3 0\n\nwith space   1\t1\n"));
        l.put("seed-videos.txt", utf8("train/abseiling/abc_000001_000011.mp4 0\nuntrimmed.mp4 2\n"
                + "val/riding a bike/xyz_000000_000010.mkv 1\n"));
        l.put("seed-problems.txt", utf8("vid1 0 0\nvid1 3 -1\nvid1 x 1\nnope 2 7\n 5\nempty.mp4 99999999999\n"));
        m.put("AnnotationsFuzzTestInputs/lists", l);
        return m;
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
