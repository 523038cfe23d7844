package dev.actionclip.spark;

import dev.actionclip.zeroshot.TextBank;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/** A {@link TextBank} as plain data, so the driver computes the label embeddings once and broadcasts them. */
record BankPayload(ArrayList<String> labels, int templates, int dim, float[] unit) implements Serializable {
    static BankPayload of(TextBank b) {
        return new BankPayload(new ArrayList<>(b.labels()), b.templates(), b.dim(), b.toArray());
    }

    TextBank toBank() {
        return new TextBank(List.copyOf(labels), templates, dim, unit);
    }
}
