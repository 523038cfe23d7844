package dev.actionclip.datasets;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Labelled samples plus the class names their label ids index.
 *
 * @param samples    the loaded items, in file order
 * @param labelNames class names; {@code labelNames.get(sample.labelId())} is the sample's class
 * @param skipped    entries left out because their file was missing or unreadable ({@code skipMissing})
 */
public record Dataset(List<VideoSample> samples, List<String> labelNames, int skipped) {
    public Dataset {
        samples = List.copyOf(samples);
        labelNames = List.copyOf(labelNames);
        for (VideoSample s : samples) {
            if (s.labelId() >= labelNames.size()) {
                throw new IllegalArgumentException("label id " + s.labelId() + " of " + s.source()
                        + " is out of range: " + labelNames.size() + " labels");
            }
        }
    }

    public int size() {
        return samples.size();
    }

    public int numLabels() {
        return labelNames.size();
    }

    /** Number of samples per label id (labels without samples are absent). */
    public Map<Integer, Integer> countsPerLabel() {
        Map<Integer, Integer> m = new TreeMap<>();
        for (VideoSample s : samples) {
            m.merge(s.labelId(), 1, Integer::sum);
        }
        return m;
    }

    @Override
    public String toString() {
        return "Dataset[" + samples.size() + " samples, " + labelNames.size() + " labels"
                + (skipped > 0 ? ", " + skipped + " skipped" : "") + "]";
    }
}
