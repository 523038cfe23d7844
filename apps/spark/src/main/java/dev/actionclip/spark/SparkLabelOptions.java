package dev.actionclip.spark;

import dev.actionclip.video.VideoLimits;
import java.io.Serializable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The job's settings, parsed from {@code --name value} arguments (spark-submit passes the application's arguments
 * through; the option names and meanings are {@code label}'s). Serializable: executors receive it with the tasks.
 *
 * @param input       a table of videos: Parquet (file or folder), CSV with a header, or a text file of paths/URIs
 * @param inputFormat parquet, csv or text (default: from the input's name; folders are Parquet)
 * @param column      the column holding the video path/URI (default: {@code path}; {@code value} for text)
 * @param output      the output folder, written through Spark's committer
 * @param format      parquet (default) or jsonl
 * @param resume      label only inputs without a row in the existing output, and append
 * @param model       any checkpoint the library reads (OpenAI .pt, state dict, ActionCLIP, HF folder, trained run)
 * @param vocab       BPE vocabulary, or null (found as {@code label} finds it)
 * @param fusion      fusion head kind, or null (the checkpoint's own)
 * @param labels      an id,name CSV, a text file with one label per line, or a comma list
 * @param templates   actionclip, none, a file, or one template with {}
 * @param frames      frames per view (T)
 * @param views       temporal views per video
 * @param topK        labels per row
 * @param batch       videos per forward pass inside a task
 * @param threads     LibTorch intra-op threads per executor JVM (0: all cores / $ACTIONCLIP_THREADS)
 * @param embedding   add the L2-normalised video embedding column
 * @param partitions  repartition the input into this many tasks (0: keep the input's partitioning when it has at
 *                    least Spark's default parallelism, else spread it to that)
 * @param master      the Spark master for a local run (null: spark-submit's)
 * @param maxPixels   refuse videos with a larger picture (an error row), as {@code label --max-pixels}
 * @param decodeTimeoutMillis give up on a video after this much decoding (0: never), as {@code label --decode-timeout}
 */
public record SparkLabelOptions(String input, String inputFormat, String column, String output, String format,
                                boolean resume, String model, String vocab, String fusion, String labels,
                                String templates, int frames, int views, int topK, int batch, int threads,
                                boolean embedding, int partitions, String master, long maxPixels,
                                long decodeTimeoutMillis) implements Serializable {
    static final String USAGE = "usage: SparkLabel --input TABLE --output DIR --model CHECKPOINT --labels FILE|LIST"
            + " [--input-format parquet|csv|text] [--column NAME] [--format parquet|jsonl] [--resume]"
            + " [--vocab FILE] [--fusion KIND] [--templates actionclip|none|FILE|TEMPLATE] [--frames 8] [--views 1]"
            + " [--top-k 5] [--batch 4] [--threads 0] [--embedding] [--partitions 0] [--master local[*]]"
            + " [--max-pixels 7680x4320] [--decode-timeout 120s]";

    private static final List<String> FLAGS = List.of("resume", "embedding");
    private static final List<String> VALUED = List.of("input", "input-format", "column", "output", "format", "model",
            "vocab", "fusion", "labels", "templates", "frames", "views", "top-k", "batch", "threads", "partitions",
            "master", "max-pixels", "decode-timeout");

    public SparkLabelOptions {
        require(input, "--input");
        require(output, "--output");
        require(model, "--model");
        require(labels, "--labels");
        if (!List.of("parquet", "csv", "text").contains(inputFormat)) {
            throw new IllegalArgumentException("--input-format must be parquet, csv or text, not '" + inputFormat + "'");
        }
        if (!format.equals("parquet") && !format.equals("jsonl")) {
            throw new IllegalArgumentException("--format must be parquet or jsonl, not '" + format + "'");
        }
        if (frames < 1 || views < 1 || topK < 1 || batch < 1 || threads < 0 || partitions < 0) {
            throw new IllegalArgumentException("--frames, --views, --top-k, --batch must be >= 1; --threads, "
                    + "--partitions >= 0");
        }
    }

    /** The per-video caps every executor applies. */
    public VideoLimits videoLimits() {
        return new VideoLimits(maxPixels, Duration.ofMillis(decodeTimeoutMillis));
    }

    private static void require(String v, String name) {
        if (v == null || v.isBlank()) {
            throw new IllegalArgumentException(name + " is required\n" + USAGE);
        }
    }

    /** Parses {@code --name value} pairs and the flags {@code --resume}, {@code --embedding}. */
    public static SparkLabelOptions parse(String... args) {
        Map<String, String> a = new LinkedHashMap<>();
        List<String> unknown = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            String name = arg.startsWith("--") ? arg.substring(2) : null;
            if (name != null && FLAGS.contains(name)) {
                a.put(name, "true");
            } else if (name != null && VALUED.contains(name) && i + 1 < args.length) {
                a.put(name, args[++i]);
            } else {
                unknown.add(arg);
            }
        }
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("unexpected arguments " + unknown + "\n" + USAGE);
        }
        String input = a.get("input");
        String inputFormat = a.getOrDefault("input-format", input == null ? "parquet" : guessFormat(input));
        return new SparkLabelOptions(input, inputFormat,
                a.getOrDefault("column", inputFormat.equals("text") ? "value" : "path"), a.get("output"),
                a.getOrDefault("format", "parquet"), a.containsKey("resume"), a.get("model"), a.get("vocab"),
                a.get("fusion"), a.get("labels"), a.getOrDefault("templates", "actionclip"),
                integer(a, "frames", 8), integer(a, "views", 1), integer(a, "top-k", 5), integer(a, "batch", 4),
                integer(a, "threads", 0), a.containsKey("embedding"), integer(a, "partitions", 0), a.get("master"),
                VideoLimits.parsePixels(a.getOrDefault("max-pixels", "7680x4320")),
                VideoLimits.parseTimeout(a.getOrDefault("decode-timeout", "120s")).toMillis());
    }

    private static String guessFormat(String input) {
        String n = input.toLowerCase(Locale.ROOT);
        if (n.endsWith(".csv")) {
            return "csv";
        }
        if (n.endsWith(".txt") || n.endsWith(".lst") || n.endsWith(".list")) {
            return "text";
        }
        return "parquet";
    }

    private static int integer(Map<String, String> a, String name, int fallback) {
        String v = a.get(name);
        if (v == null) {
            return fallback;
        }
        try {
            return Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + name + " takes an integer, not '" + v + "'");
        }
    }
}
