package dev.actionclip.spark;

import dev.actionclip.model.ActionClipModel;
import dev.actionclip.model.TextBanks;
import dev.actionclip.prompts.LabelSet;
import dev.actionclip.prompts.Templates;
import dev.actionclip.zeroshot.Fingerprint;
import dev.actionclip.zeroshot.TextBank;
import dev.actionclip.zeroshot.TextEmbeddingCache;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.util.LongAccumulator;

/**
 * The labelling job: reads a table of videos, leaves out those already in the output when resuming (an anti-join on
 * the path), labels the rest in tasks ({@link PartitionLabeler}) and appends the rows through Spark's committer, so
 * readers never see a partial task's files. The label embeddings are computed once, here on the driver, and
 * broadcast; each executor JVM loads the model once ({@link ExecutorModels}).
 */
public final class SparkLabelJob {
    /** What a run did. */
    public record Summary(long inputs, long alreadyDone, long rows, long errorRows, double seconds) {
        public double videosPerSecond() {
            return seconds > 0 ? rows / seconds : 0;
        }
    }

    private SparkLabelJob() {
    }

    public static Summary run(SparkSession spark, SparkLabelOptions o) throws IOException {
        long start = System.nanoTime();
        Dataset<Row> inputs = readInputs(spark, o);
        long total = inputs.count();
        long already = 0;
        Configuration hadoop = spark.sparkContext().hadoopConfiguration();
        org.apache.hadoop.fs.Path out = new org.apache.hadoop.fs.Path(o.output());
        boolean exists = out.getFileSystem(hadoop).exists(out);
        if (exists && !o.resume()) {
            throw new IllegalArgumentException(o.output() + " exists: pass --resume to label only what it lacks, or "
                    + "choose another --output");
        }
        if (exists && o.resume() && hasRows(spark, o)) {
            Dataset<Row> done = readOutput(spark, o).select(LabelRows.KEY).distinct();
            inputs = inputs.join(done, inputs.col(LabelRows.KEY).equalTo(done.col(LabelRows.KEY)), "left_anti");
            already = total - inputs.count();
        }
        // a small input file is one partition, which would be one task on one core: spread it over the cluster
        int tasks = o.partitions() > 0 ? o.partitions() : spark.sparkContext().defaultParallelism();
        if (o.partitions() > 0 || inputs.rdd().getNumPartitions() < tasks) {
            inputs = inputs.repartition(tasks);
        }
        ActionClipModel model = ExecutorModels.model(o);
        LabelSet labels = LabelSet.parse(o.labels());
        Templates templates = Templates.parse(o.templates());
        Path modelPath = Path.of(o.model());
        TextBank bank = TextBanks.build(model, modelPath, labels.names(), templates, TextEmbeddingCache.defaultCache());
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        Broadcast<BankPayload> shared = jsc.broadcast(BankPayload.of(bank));
        Map<String, String> conf = new HashMap<>();
        hadoop.forEach(e -> conf.put(e.getKey(), e.getValue()));
        LongAccumulator rows = spark.sparkContext().longAccumulator("rows");
        LongAccumulator errors = spark.sparkContext().longAccumulator("error rows");
        PartitionLabeler labeler = new PartitionLabeler(o, shared, new InputLocalizer(conf), Fingerprint.ofPath(modelPath),
                rows, errors);
        Dataset<Row> labelled = inputs.mapPartitions(labeler, Encoders.row(LabelRows.schema(o.embedding())));
        var writer = labelled.write().mode(exists ? SaveMode.Append : SaveMode.ErrorIfExists);
        if (o.format().equals("jsonl")) {
            writer.option("ignoreNullFields", "false").json(o.output());
        } else {
            writer.parquet(o.output());
        }
        shared.destroy();
        return new Summary(total, already, rows.value(), errors.value(), (System.nanoTime() - start) / 1e9);
    }

    /** The input table's video column as {@code path}, one row per distinct video. */
    static Dataset<Row> readInputs(SparkSession spark, SparkLabelOptions o) {
        Dataset<Row> t = switch (o.inputFormat()) {
            case "csv" -> spark.read().option("header", "true").csv(o.input());
            case "text" -> spark.read().text(o.input());
            default -> spark.read().parquet(o.input());
        };
        if (!java.util.Arrays.asList(t.columns()).contains(o.column())) {
            throw new IllegalArgumentException(o.input() + " has no column '" + o.column() + "' (columns: "
                    + String.join(", ", t.columns()) + "); name it with --column");
        }
        return t.select(functions.trim(functions.col(o.column()).cast("string")).as(LabelRows.KEY))
                .filter(functions.col(LabelRows.KEY).isNotNull().and(functions.length(functions.col(LabelRows.KEY)).gt(0)))
                .distinct();
    }

    static Dataset<Row> readOutput(SparkSession spark, SparkLabelOptions o) {
        return o.format().equals("jsonl")
                ? spark.read().schema(LabelRows.schema(o.embedding())).json(o.output())
                : spark.read().parquet(o.output());
    }

    /** Whether a committed output holds data files (a folder from a job killed before its commit has none). */
    private static boolean hasRows(SparkSession spark, SparkLabelOptions o) throws IOException {
        org.apache.hadoop.fs.Path out = new org.apache.hadoop.fs.Path(o.output());
        FileSystem fs = out.getFileSystem(spark.sparkContext().hadoopConfiguration());
        for (var st : fs.listStatus(out)) {
            String n = st.getPath().getName();
            if (st.isFile() && !n.startsWith("_") && !n.startsWith(".")) {
                return true;
            }
        }
        return false;
    }
}
