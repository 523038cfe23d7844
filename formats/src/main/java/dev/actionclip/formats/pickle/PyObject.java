package dev.actionclip.formats.pickle;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An opaque instance of a TorchScript class ({@code __torch__.*}): its class name and the attribute dict that
 * BUILD gave it. No behaviour — the archive's code is never run.
 */
public final class PyObject {
    private final String className;
    private final Map<String, Object> attributes = new LinkedHashMap<>();

    public PyObject(String className) {
        this.className = className;
    }

    public String className() {
        return className;
    }

    /** Attributes in pickle order (mutable while unpickling). */
    public Map<String, Object> attributes() {
        return attributes;
    }

    @Override
    public String toString() {
        return className + attributes.keySet();
    }
}
