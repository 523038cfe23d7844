package dev.actionclip.formats.pickle;

/** A whitelisted Python global (class or function) named by a pickle; only a token, never resolved to code. */
public record PyGlobal(String module, String name) {
    public String qualifiedName() {
        return module + "." + name;
    }

    @Override
    public String toString() {
        return qualifiedName();
    }
}
