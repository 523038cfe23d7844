package dev.actionclip.spark;

import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;

/**
 * Turns a video's path or URI into a local file FFmpeg can open. Local paths and {@code file:} URIs are used in
 * place; anything else ({@code hdfs:}, {@code s3a:}, {@code abfs:}, ...) is copied through the Hadoop FileSystem API
 * (with the driver's Hadoop settings, so credentials configured as {@code spark.hadoop.*} apply) into the task's
 * temporary directory, and deleted after use by {@link Local#close()}.
 */
final class InputLocalizer implements Serializable {
    private final Map<String, String> hadoopConf;
    private transient Configuration conf;

    /** @param hadoopConf the driver's Hadoop configuration entries */
    InputLocalizer(Map<String, String> hadoopConf) {
        this.hadoopConf = hadoopConf;
    }

    /** A local copy (or the file itself) of one input; closing deletes a copy. */
    record Local(Path path, boolean copied) implements AutoCloseable {
        @Override
        public void close() throws IOException {
            if (copied) {
                Files.deleteIfExists(path);
            }
        }
    }

    Local localize(String spec, Path tmpDir) throws IOException {
        URI uri = uriOf(spec);
        if (uri == null || uri.getScheme() == null || uri.getScheme().equals("file")) {
            return new Local(uri != null && "file".equals(uri.getScheme()) ? Paths.get(uri) : Paths.get(spec), false);
        }
        org.apache.hadoop.fs.Path src = new org.apache.hadoop.fs.Path(uri);
        String name = src.getName();
        String ext = name.lastIndexOf('.') >= 0 ? name.substring(name.lastIndexOf('.')) : "";
        Path dst = Files.createTempFile(tmpDir, "video-", ext.length() <= 8 ? ext : "");
        try (InputStream in = FileSystem.get(uri, configuration()).open(src)) {
            Files.copy(in, dst, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(dst);
            throw new IOException(spec + ": cannot copy to local storage: " + e.getMessage(), e);
        }
        return new Local(dst, true);
    }

    /** A URI when {@code spec} has a scheme of two or more letters (so {@code C:\...} stays a path). */
    private static URI uriOf(String spec) {
        int colon = spec.indexOf(':');
        if (colon < 2 || !spec.substring(0, colon).matches("[A-Za-z][A-Za-z0-9+.-]*")) {
            return null;
        }
        try {
            return new URI(spec);
        } catch (java.net.URISyntaxException e) {
            return null;
        }
    }

    private Configuration configuration() {
        if (conf == null) {
            Configuration c = new Configuration(false);
            hadoopConf.forEach(c::set);
            conf = c;
        }
        return conf;
    }
}
