package dev.actionclip.bench;

import dev.actionclip.prompts.ClipTokenizer;
import dev.actionclip.prompts.LabelSet;
import dev.actionclip.prompts.Templates;
import dev.actionclip.testsupport.SharedFiles;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Tokenizer throughput on ActionCLIP's prompt set: every label of a label file under the 16 built-in
 * templates (Kinetics-400: 6,400 prompts), context 77, with an empty and with a filled word cache.
 * Usage: {@code TokenizerBenchmark [vocab.gz|hf-folder] [labels.csv] [rounds]}. Runs 3 s of warm-up, then
 * reports the median round; the first round of the fresh JVM is reported separately.
 */
public final class TokenizerBenchmark {
    private TokenizerBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path vocab = args.length > 0 ? Paths.get(args[0])
                : SharedFiles.resolve("actionclip.vocab", "clip/bpe_simple_vocab_16e6.txt.gz");
        Path labelsFile = args.length > 1 ? Paths.get(args[1])
                : SharedFiles.resolve(null, "labels/kinetics_400_labels.csv");
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 15;

        long t0 = System.nanoTime();
        ClipTokenizer tok = ClipTokenizer.find(null, vocab);
        double loadMs = (System.nanoTime() - t0) / 1e6;
        LabelSet labels = LabelSet.load(labelsFile);
        List<String> prompts = Templates.actionClip().applyAll(labels.names());
        System.out.printf(Locale.ROOT, "vocabulary: %s (%d tokens), loaded in %.0f ms%n",
                tok.description(), tok.vocabSize(), loadMs);
        System.out.printf(Locale.ROOT, "prompts: %d labels x %d templates = %d, context 77, 1 thread, %s time%n",
                labels.size(), Templates.actionClip().size(), prompts.size(),
                THREADS.isCurrentThreadCpuTimeSupported() ? "CPU" : "wall-clock");

        long t1 = now();
        long tokens = countTokens(tok.tokenize(prompts, 77, true));
        double first = (now() - t1) / 1e9;
        report("first run (cold JVM, cold cache)", new double[] {first}, prompts.size(), tokens);
        // let the JIT compile the hot paths before the measured rounds
        for (long end = System.nanoTime() + 3_000_000_000L; System.nanoTime() < end; ) {
            time(tok, prompts, true);
            time(tok, prompts, false);
        }
        double[] cold = new double[rounds];
        double[] warm = new double[rounds];
        for (int r = 0; r < rounds; r++) {
            cold[r] = time(tok, prompts, true);
        }
        for (int r = 0; r < rounds; r++) {
            warm[r] = time(tok, prompts, false);
        }
        report("cold cache (median of " + rounds + ")", cold, prompts.size(), tokens);
        report("warm cache (median of " + rounds + ")", warm, prompts.size(), tokens);
    }

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    /**
     * Seconds for one tokenize() of all prompts, optionally after emptying the word cache: the thread's CPU
     * time when the JVM measures it (robust on a busy machine), else wall-clock time.
     */
    private static double time(ClipTokenizer tok, List<String> prompts, boolean clear) {
        if (clear) {
            tok.clearCache();
        }
        long t = now();
        long[][] rows = tok.tokenize(prompts, 77, true);
        double s = (now() - t) / 1e9;
        if (rows.length != prompts.size()) {
            throw new IllegalStateException("row count");
        }
        return s;
    }

    private static long now() {
        return THREADS.isCurrentThreadCpuTimeSupported() ? THREADS.getCurrentThreadCpuTime() : System.nanoTime();
    }

    /** Tokens produced (start, ids, end), padding excluded. */
    private static long countTokens(long[][] rows) {
        long n = 0;
        for (long[] row : rows) {
            for (long v : row) {
                if (v != 0) {
                    n++;
                }
            }
        }
        return n;
    }

    private static void report(String what, double[] seconds, int prompts, long tokens) {
        double[] s = seconds.clone();
        Arrays.sort(s);
        double med = s[s.length / 2];
        System.out.printf(Locale.ROOT, "%-38s %8.1f ms  %,12.0f tokens/s  %,10.0f prompts/s%n",
                what + ":", med * 1e3, tokens / med, prompts / med);
    }
}
