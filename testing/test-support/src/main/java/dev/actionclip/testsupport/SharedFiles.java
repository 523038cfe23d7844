package dev.actionclip.testsupport;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * Locates the shared test data folder ({@code ../shared} beside the project). Tests use it through
 * {@link #resolve(String, String)}, which lets a system property or environment variable override each file.
 */
public final class SharedFiles {
    private SharedFiles() {
    }

    /** The shared folder: property {@code actionclip.shared}, env {@code ACTIONCLIP_SHARED}, else {@code ../shared}. */
    public static Path root() {
        String p = System.getProperty("actionclip.shared");
        if (p == null || p.isBlank()) {
            p = System.getenv("ACTIONCLIP_SHARED");
        }
        if (p != null && !p.isBlank() && !Files.isDirectory(Paths.get(p))) {
            p = null; // a configured default that does not exist here (e.g. a git worktree): search instead
        }
        if (p == null || p.isBlank()) {
            // surefire runs tests with the module folder as working directory: look upwards
            Path cwd = Paths.get("").toAbsolutePath();
            for (Path d = cwd; d != null; d = d.getParent()) {
                Path c = d.resolveSibling("shared");
                if (Files.isDirectory(c.resolve("fixtures"))) {
                    return c;
                }
            }
            return cwd.resolveSibling("shared");
        }
        return Paths.get(p);
    }

    /**
     * A shared file: the system property {@code property} (or the environment variable of the same name in
     * upper case with dots as underscores) when set, else {@code root()/relative}.
     */
    public static Path resolve(String property, String relative) {
        String p = property == null ? null : System.getProperty(property);
        if ((p == null || p.isBlank()) && property != null) {
            p = System.getenv(property.toUpperCase(java.util.Locale.ROOT).replace('.', '_'));
        }
        return p != null && !p.isBlank() ? Paths.get(p) : root().resolve(relative);
    }

    /** True when tests run under CI, where a missing shared file is a failure, not a skip. */
    public static boolean inCi() {
        String ci = System.getenv("CI");
        return ci != null && !ci.isBlank() && !ci.equals("false");
    }
}
