package dev.actionclip.zeroshot;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** The k most probable labels, best first (ties keep label order). */
public final class TopK {
    private TopK() {
    }

    /** One ranked label: its index, its name and its probability. */
    public record Entry(int index, String label, float probability) {
    }

    public static List<Entry> of(float[] probs, List<String> labels, int k) {
        List<Entry> all = new ArrayList<>(probs.length);
        for (int i = 0; i < probs.length; i++) {
            all.add(new Entry(i, labels.get(i), probs[i]));
        }
        all.sort(Comparator.comparingDouble((Entry e) -> -e.probability()).thenComparingInt(Entry::index));
        return List.copyOf(all.subList(0, Math.min(k, all.size())));
    }
}
