package dev.actionclip.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/**
 * What this build of the CLI is: the Maven version and the git commit it was built from, from
 * {@code action-clip-version.properties}, which Maven fills in at build time (apps/cli/pom.xml: resource filtering
 * and git-commit-id-maven-plugin). A build outside a git checkout leaves the commit unknown.
 */
record BuildInfo(String version, String commit, String commitTime, boolean dirty) {
    static final String RESOURCE = "action-clip-version.properties";

    static BuildInfo load() {
        Properties p = new Properties();
        try (InputStream in = BuildInfo.class.getResourceAsStream(RESOURCE)) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            // reported as unknown below
        }
        String version = value(p, "version");
        if (version == null) {
            version = BuildInfo.class.getPackage().getImplementationVersion();
        }
        return new BuildInfo(version == null ? "unknown" : version, value(p, "commit"), value(p, "commit.time"),
                "true".equals(value(p, "dirty")));
    }

    /** A filtered value, or null when missing or left unfiltered ({@code ${...}}: no git, or not built by Maven). */
    private static String value(Properties p, String key) {
        String v = p.getProperty(key);
        return v == null || v.isBlank() || v.contains("${") ? null : v.strip();
    }

    /** {@code abc123... (2025-01-01T10:00:00Z)}, with {@code + uncommitted changes} when the tree was dirty. */
    String describeCommit() {
        if (commit == null) {
            return "unknown (not built from a git checkout)";
        }
        return commit + (commitTime == null ? "" : " (" + commitTime + ")") + (dirty ? " + uncommitted changes" : "");
    }
}
