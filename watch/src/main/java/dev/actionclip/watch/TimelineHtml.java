package dev.actionclip.watch;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A self-contained HTML page with one inline SVG (no scripts, no external CSS): the smoothed scores of the top
 * labels over time as lines, the threshold dashed, events as shaded bands named by their label, a time axis in
 * mm:ss and a legend. Events of labels not among the drawn lines are shaded grey. True segments, when known, are
 * a strip of bars under the scores, coloured as their label's line. Several sources give one page with one such
 * plot per source, stacked in order.
 */
public final class TimelineHtml {
    private TimelineHtml() {
    }

    public static void write(Timeline t, int topN, Path path) throws IOException {
        Files.writeString(path, render(t, topN), StandardCharsets.UTF_8);
    }

    /** One page, one plot per track, titled by its source. */
    public static void write(List<Timeline> tracks, int topN, Path path) throws IOException {
        Files.writeString(path, render(tracks, topN), StandardCharsets.UTF_8);
    }

    public static String render(Timeline t, int topN) {
        return render(List.of(t), topN);
    }

    public static String render(List<Timeline> tracks, int topN) {
        if (tracks.isEmpty()) {
            throw new IllegalArgumentException("a timeline needs at least one source");
        }
        String title = tracks.size() == 1 ? "Timeline - " + tracks.get(0).source()
                : "Timeline - " + tracks.size() + " sources";
        StringBuilder b = new StringBuilder(16384 * tracks.size());
        b.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>")
                .append(esc(title)).append("</title></head>\n<body style=\"margin:0\">\n");
        for (Timeline t : tracks) {
            // one block per source, so each keeps its own time axis (the sources need not be the same length)
            b.append("<div>");
            svg(b, t, topN);
            b.append("</div>\n");
        }
        b.append("</body></html>\n");
        return b.toString();
    }

    private static void svg(StringBuilder b, Timeline t, int topN) {
        List<Integer> top = t.topLabels(topN);
        Map<Integer, String> colors = new HashMap<>();
        for (int r = 0; r < top.size(); r++) {
            colors.put(top.get(r), Timeline.color(r));
        }
        int w = Timeline.WIDTH;
        int h = t.height(top.size());
        double bottom = Timeline.y(0);
        double axis = t.axisY();
        double right = w - Timeline.RIGHT;
        b.append(f("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" "
                + "font-family=\"sans-serif\" font-size=\"12\">\n", w, h, w, h));
        b.append(f("<rect width=\"%d\" height=\"%d\" fill=\"white\"/>\n", w, h));
        b.append(f("<text x=\"%d\" y=\"28\" font-size=\"18\" font-weight=\"bold\">%s</text>\n", Timeline.LEFT,
                esc("Timeline - " + t.source())));
        // Events under everything else.
        for (Event e : t.events()) {
            String c = colors.getOrDefault(e.labelIndex(), "#999999");
            double x0 = t.x(e.start());
            double x1 = Math.max(t.x(e.end()), x0 + 1);
            b.append(f("<rect x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"%d\" fill=\"%s\" fill-opacity=\"0.18\">"
                    + "<title>%s</title></rect>\n", x0, Timeline.TOP, x1 - x0, Timeline.PLOT_HEIGHT, c,
                    esc(e.label() + " " + Timeline.clock(e.start()) + "-" + Timeline.clock(e.end())
                            + f(" peak %.2f", e.peakScore()))));
            b.append(f("<text x=\"%.1f\" y=\"%d\" font-size=\"11\" fill=\"%s\">%s</text>\n", x0 + 2,
                    Timeline.TOP + 12, c, esc(e.label())));
        }
        // True segments: a strip under the scores.
        if (!t.truth().isEmpty()) {
            b.append(f("<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\" font-size=\"11\">truth</text>\n",
                    Timeline.LEFT - 6, bottom + Timeline.TRUTH_ROW - 5));
        }
        for (SegmentEvaluator.Segment s : t.truth()) {
            String c = colors.getOrDefault(t.labelIndex(s.label()), "#999999");
            double x0 = t.x(s.start());
            double x1 = Math.max(t.x(s.end()), x0 + 1);
            b.append(f("<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%d\" fill=\"%s\" fill-opacity=\"0.7\">"
                    + "<title>%s</title></rect>\n", x0, bottom + 3, x1 - x0, Timeline.TRUTH_ROW - 6, c,
                    esc("truth: " + s.label() + " " + Timeline.clock(s.start()) + "-" + Timeline.clock(s.end()))));
        }
        // Score grid and axes.
        for (int i = 0; i <= 4; i++) {
            double v = i / 4.0;
            double y = Timeline.y(v);
            b.append(f("<line x1=\"%d\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#e0e0e0\"/>\n", Timeline.LEFT, y,
                    right, y));
            b.append(f("<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%.2f</text>\n", Timeline.LEFT - 6, y + 4, v));
        }
        for (double tick : t.ticks()) {
            double x = t.x(tick);
            b.append(f("<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"black\"/>\n", x, axis, x,
                    axis + 5));
            b.append(f("<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">%s</text>\n", x, axis + 18,
                    Timeline.clock(tick)));
        }
        b.append(f("<rect x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"%d\" fill=\"none\" stroke=\"black\"/>\n",
                Timeline.LEFT, Timeline.TOP, right - Timeline.LEFT, Timeline.PLOT_HEIGHT));
        double ty = Timeline.y(t.threshold());
        b.append(f("<line x1=\"%d\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#444\" stroke-dasharray=\"6,4\"/>\n",
                Timeline.LEFT, ty, right, ty));
        b.append(f("<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\" fill=\"#444\">threshold %.2f</text>\n", right - 4,
                ty - 4, t.threshold()));
        // Score lines.
        List<ScoredWindow> pts = t.points();
        for (int r = 0; r < top.size(); r++) {
            int c = top.get(r);
            b.append("<polyline fill=\"none\" stroke-width=\"2\" stroke=\"").append(Timeline.color(r))
                    .append("\" points=\"");
            for (ScoredWindow p : pts) {
                b.append(f("%.1f,%.1f ", t.x(p.middle()), Timeline.y(p.scores()[c])));
            }
            b.append("\"><title>").append(esc(t.labels().get(c))).append("</title></polyline>\n");
        }
        // Legend.
        double ly = axis + 40;
        for (int r = 0; r < top.size(); r++) {
            double lx = Timeline.LEFT + (r % 4) * 280;
            double y = ly + (r / 4) * Timeline.LEGEND_ROW;
            b.append(f("<rect x=\"%.1f\" y=\"%.1f\" width=\"14\" height=\"4\" fill=\"%s\"/>", lx, y - 5,
                    Timeline.color(r)));
            b.append(f("<text x=\"%.1f\" y=\"%.1f\">%s</text>\n", lx + 20, y, esc(t.labels().get(top.get(r)))));
        }
        b.append("</svg>");
    }

    private static String f(String format, Object... args) {
        return String.format(Locale.ROOT, format, args);
    }

    static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
