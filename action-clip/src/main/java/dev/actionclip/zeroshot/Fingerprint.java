package dev.actionclip.zeroshot;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * Content hashes for cache keys. A model is identified by the SHA-256 of its bytes (every file of a folder), so
 * a re-trained or replaced checkpoint never reuses cached text embeddings, whatever its name or date. The hash
 * is memoised per (path, size, modification time) for the life of the JVM.
 */
public final class Fingerprint {
    private static final ConcurrentHashMap<String, String> MEMO = new ConcurrentHashMap<>();

    private Fingerprint() {
    }

    public static String ofPath(Path model) throws IOException {
        List<Path> files = new ArrayList<>();
        if (Files.isDirectory(model)) {
            try (Stream<Path> s = Files.walk(model)) {
                s.filter(Files::isRegularFile).sorted().forEach(files::add);
            }
        } else {
            files.add(model);
        }
        MessageDigest all = sha256();
        for (Path f : files) {
            String key = f.toAbsolutePath() + "|" + Files.size(f) + "|" + Files.getLastModifiedTime(f).toMillis();
            String h = MEMO.get(key);
            if (h == null) {
                h = hashFile(f);
                MEMO.put(key, h);
            }
            all.update((model.relativize(f) + "=" + h + "\n").getBytes(StandardCharsets.UTF_8));
        }
        return HexFormat.of().formatHex(all.digest());
    }

    public static String ofStrings(Iterable<String> parts) {
        MessageDigest d = sha256();
        for (String p : parts) {
            byte[] b = p.getBytes(StandardCharsets.UTF_8);
            d.update((b.length + ":").getBytes(StandardCharsets.UTF_8)); // length-prefixed: no ambiguous joins
            d.update(b);
        }
        return HexFormat.of().formatHex(d.digest());
    }

    private static String hashFile(Path f) throws IOException {
        MessageDigest d = sha256();
        byte[] buf = new byte[1 << 20];
        try (InputStream in = Files.newInputStream(f)) {
            int n;
            while ((n = in.read(buf)) > 0) {
                d.update(buf, 0, n);
            }
        }
        return HexFormat.of().formatHex(d.digest());
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
