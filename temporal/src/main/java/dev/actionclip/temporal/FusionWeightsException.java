package dev.actionclip.temporal;

import java.util.List;

/** A fusion head's state dict does not match the head: lists every missing, unexpected and mis-shaped name. */
public final class FusionWeightsException extends IllegalArgumentException {
    private final List<String> missing;
    private final List<String> unexpected;
    private final List<String> misShaped;

    FusionWeightsException(String kind, List<String> missing, List<String> unexpected, List<String> misShaped) {
        super(kind + " fusion weights do not match:"
                + (missing.isEmpty() ? "" : " missing " + missing + ";")
                + (unexpected.isEmpty() ? "" : " unexpected " + unexpected + ";")
                + (misShaped.isEmpty() ? "" : " wrong shape " + misShaped + ";"));
        this.missing = List.copyOf(missing);
        this.unexpected = List.copyOf(unexpected);
        this.misShaped = List.copyOf(misShaped);
    }

    public List<String> missing() {
        return missing;
    }

    public List<String> unexpected() {
        return unexpected;
    }

    /** Entries of the form {@code name: got [..], expected [..]}. */
    public List<String> misShaped() {
        return misShaped;
    }
}
