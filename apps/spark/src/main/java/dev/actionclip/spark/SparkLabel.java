package dev.actionclip.spark;

import java.util.Locale;
import org.apache.spark.sql.SparkSession;

/**
 * The job's entry point for {@code spark-submit --class dev.actionclip.spark.SparkLabel} and for
 * {@code scripts/spark-label} (which adds {@code --master local[*]}). Arguments: {@link SparkLabelOptions#USAGE}.
 * Prints a one-line summary; a bad argument or an unreadable model or input table fails the application.
 */
public final class SparkLabel {
    private SparkLabel() {
    }

    public static void main(String[] args) throws Exception {
        SparkLabelOptions o = SparkLabelOptions.parse(args);
        SparkSession.Builder b = SparkSession.builder().appName("action-clip label");
        if (o.master() != null) {
            b.master(o.master());
        }
        try (SparkSession spark = b.getOrCreate()) {
            SparkLabelJob.Summary s = SparkLabelJob.run(spark, o);
            System.out.printf(Locale.ROOT, "spark-label: %d inputs, %d already in %s, %d rows written (%d with an error) "
                            + "in %.1f s: %.2f videos/s%n", s.inputs(), s.alreadyDone(), o.output(), s.rows(),
                    s.errorRows(), s.seconds(), s.videosPerSecond());
        }
    }
}
