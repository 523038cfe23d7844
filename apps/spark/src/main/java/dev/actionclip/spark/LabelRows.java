package dev.actionclip.spark;

import dev.actionclip.zeroshot.TopK;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The output table: one row per input video. {@code path} and {@code top} (a list of {@code {label, probability}},
 * best first) and {@code error} are the fields of {@code label --format jsonl}; the job adds {@code embedding}
 * (optional), {@code frames} (decoded frames used), {@code duration} (seconds), {@code model} (the checkpoint's
 * fingerprint). A failed video has {@code error} set and nulls elsewhere.
 */
final class LabelRows {
    static final String KEY = "path";
    static final StructType TOP_ENTRY = new StructType(new StructField[] {
        DataTypes.createStructField("label", DataTypes.StringType, false),
        DataTypes.createStructField("probability", DataTypes.FloatType, false)});

    private LabelRows() {
    }

    static StructType schema(boolean embedding) {
        List<StructField> f = new ArrayList<>();
        f.add(DataTypes.createStructField(KEY, DataTypes.StringType, true));
        f.add(DataTypes.createStructField("top", DataTypes.createArrayType(TOP_ENTRY, false), true));
        if (embedding) {
            f.add(DataTypes.createStructField("embedding", DataTypes.createArrayType(DataTypes.FloatType, false), true));
        }
        f.add(DataTypes.createStructField("frames", DataTypes.IntegerType, true));
        f.add(DataTypes.createStructField("duration", DataTypes.DoubleType, true));
        f.add(DataTypes.createStructField("model", DataTypes.StringType, true));
        f.add(DataTypes.createStructField("error", DataTypes.StringType, true));
        return DataTypes.createStructType(f);
    }

    static Row success(boolean withEmbedding, String path, List<TopK.Entry> top, float[] embedding, int frames,
                       double duration, String model) {
        List<Row> entries = new ArrayList<>(top.size());
        for (TopK.Entry e : top) {
            entries.add(RowFactory.create(e.label(), e.probability()));
        }
        List<Object> v = new ArrayList<>();
        v.add(path);
        v.add(scala.jdk.javaapi.CollectionConverters.asScala(entries).toSeq());
        if (withEmbedding) {
            v.add(boxed(embedding));
        }
        v.add(frames);
        v.add(duration);
        v.add(model);
        v.add(null);
        return RowFactory.create(v.toArray());
    }

    static Row failure(boolean withEmbedding, String path, String model, String error) {
        List<Object> v = new ArrayList<>();
        v.add(path);
        v.add(null);
        if (withEmbedding) {
            v.add(null);
        }
        v.add(null);
        v.add(null);
        v.add(model);
        v.add(error == null || error.isBlank() ? "failed" : error);
        return RowFactory.create(v.toArray());
    }

    private static Object boxed(float[] a) {
        List<Float> l = new ArrayList<>(a.length);
        for (float x : a) {
            l.add(x);
        }
        return scala.jdk.javaapi.CollectionConverters.asScala(l).toSeq();
    }
}
