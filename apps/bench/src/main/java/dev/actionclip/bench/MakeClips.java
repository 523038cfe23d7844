package dev.actionclip.bench;

import java.nio.file.Path;

/** {@code MakeClips DIR [N=20] [SECONDS=10]}: the benchmark clips of {@link LabelBenchmark}, for other benchmarks. */
public final class MakeClips {
    private MakeClips() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 1) {
            throw new IllegalArgumentException("usage: MakeClips DIR [N=20] [SECONDS=10]");
        }
        int n = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        int seconds = args.length > 2 ? Integer.parseInt(args[2]) : 10;
        for (String p : LabelBenchmark.generate(Path.of(args[0]), n, seconds)) {
            System.out.println(p);
        }
    }
}
