package dev.actionclip.watch;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.Shape;
import java.awt.geom.Line2D;
import java.awt.geom.Path2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.imageio.ImageIO;

/**
 * The same plot as {@link TimelineHtml}, drawn with Java2D into a PNG (headless, no extra library); several sources
 * give one image with their plots stacked in order.
 */
public final class TimelinePng {
    private TimelinePng() {
    }

    public static void write(Timeline t, int topN, Path path) throws IOException {
        if (!ImageIO.write(render(t, topN), "png", path.toFile())) {
            throw new IOException("no PNG writer available for " + path);
        }
    }

    /** One image, one plot per track, titled by its source. */
    public static void write(List<Timeline> tracks, int topN, Path path) throws IOException {
        if (!ImageIO.write(render(tracks, topN), "png", path.toFile())) {
            throw new IOException("no PNG writer available for " + path);
        }
    }

    public static BufferedImage render(List<Timeline> tracks, int topN) {
        if (tracks.isEmpty()) {
            throw new IllegalArgumentException("a timeline needs at least one source");
        }
        if (tracks.size() == 1) {
            return render(tracks.get(0), topN);
        }
        List<BufferedImage> parts = new ArrayList<>(tracks.size());
        int h = 0;
        for (Timeline t : tracks) {
            BufferedImage part = render(t, topN);
            parts.add(part);
            h += part.getHeight();
        }
        BufferedImage img = new BufferedImage(Timeline.WIDTH, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        try {
            int y = 0;
            for (BufferedImage part : parts) {
                g.drawImage(part, 0, y, null);
                y += part.getHeight();
                g.setColor(Color.LIGHT_GRAY);
                g.drawLine(0, y - 1, Timeline.WIDTH, y - 1);
            }
        } finally {
            g.dispose();
        }
        return img;
    }

    public static BufferedImage render(Timeline t, int topN) {
        List<Integer> top = t.topLabels(topN);
        Map<Integer, Color> colors = new HashMap<>();
        for (int r = 0; r < top.size(); r++) {
            colors.put(top.get(r), Color.decode(Timeline.color(r)));
        }
        int w = Timeline.WIDTH;
        int h = t.height(top.size());
        double bottom = Timeline.y(0);
        double axis = t.axisY();
        double right = w - Timeline.RIGHT;
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, w, h);
            Font base = new Font(Font.SANS_SERIF, Font.PLAIN, 12);
            g.setFont(base.deriveFont(Font.BOLD, 18f));
            g.setColor(Color.BLACK);
            g.drawString("Timeline - " + t.source(), Timeline.LEFT, 28);
            g.setFont(base);
            Shape plotClip = new Rectangle2D.Double(Timeline.LEFT, Timeline.TOP, right - Timeline.LEFT,
                    Timeline.PLOT_HEIGHT);
            for (Event e : t.events()) {
                Color c = colors.getOrDefault(e.labelIndex(), Color.GRAY);
                double x0 = t.x(e.start());
                double x1 = Math.max(t.x(e.end()), x0 + 1);
                g.setColor(new Color(c.getRed(), c.getGreen(), c.getBlue(), 46));
                g.fill(new Rectangle2D.Double(x0, Timeline.TOP, x1 - x0, Timeline.PLOT_HEIGHT));
                g.setColor(c.darker());
                g.setFont(base.deriveFont(11f));
                g.setClip(plotClip);
                g.drawString(e.label(), (float) x0 + 2, Timeline.TOP + 12);
                g.setClip(null);
                g.setFont(base);
            }
            FontMetrics fm = g.getFontMetrics();
            if (!t.truth().isEmpty()) {
                g.setColor(Color.BLACK);
                g.setFont(base.deriveFont(11f));
                g.drawString("truth", Timeline.LEFT - 6 - g.getFontMetrics().stringWidth("truth"),
                        (float) bottom + Timeline.TRUTH_ROW - 5);
                g.setFont(base);
            }
            for (SegmentEvaluator.Segment s : t.truth()) {
                Color c = colors.getOrDefault(t.labelIndex(s.label()), Color.GRAY);
                double x0 = t.x(s.start());
                double x1 = Math.max(t.x(s.end()), x0 + 1);
                g.setColor(new Color(c.getRed(), c.getGreen(), c.getBlue(), 178));
                g.fill(new Rectangle2D.Double(x0, bottom + 3, x1 - x0, Timeline.TRUTH_ROW - 6));
            }
            for (int i = 0; i <= 4; i++) {
                double v = i / 4.0;
                double y = Timeline.y(v);
                g.setColor(new Color(0xe0e0e0));
                g.draw(new Line2D.Double(Timeline.LEFT, y, right, y));
                g.setColor(Color.BLACK);
                String s = String.format(Locale.ROOT, "%.2f", v);
                g.drawString(s, Timeline.LEFT - 6 - fm.stringWidth(s), (float) y + 4);
            }
            for (double tick : t.ticks()) {
                double x = t.x(tick);
                g.draw(new Line2D.Double(x, axis, x, axis + 5));
                String s = Timeline.clock(tick);
                g.drawString(s, (float) x - fm.stringWidth(s) / 2f, (float) axis + 18);
            }
            g.draw(plotClip);
            double ty = Timeline.y(t.threshold());
            g.setColor(new Color(0x444444));
            g.setStroke(new BasicStroke(1f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {6, 4}, 0));
            g.draw(new Line2D.Double(Timeline.LEFT, ty, right, ty));
            String th = String.format(Locale.ROOT, "threshold %.2f", t.threshold());
            g.drawString(th, (float) (right - 4 - fm.stringWidth(th)), (float) ty - 4);
            g.setStroke(new BasicStroke(2f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
            List<ScoredWindow> pts = t.points();
            for (int r = 0; r < top.size(); r++) {
                int c = top.get(r);
                Path2D.Double line = new Path2D.Double();
                boolean first = true;
                for (ScoredWindow p : pts) {
                    double x = t.x(p.middle());
                    double y = Timeline.y(p.scores()[c]);
                    if (first) {
                        line.moveTo(x, y);
                        first = false;
                    } else {
                        line.lineTo(x, y);
                    }
                }
                g.setColor(Color.decode(Timeline.color(r)));
                g.draw(line);
            }
            g.setStroke(new BasicStroke(1f));
            double ly = axis + 40;
            for (int r = 0; r < top.size(); r++) {
                double lx = Timeline.LEFT + (r % 4) * 280;
                double y = ly + (r / 4) * Timeline.LEGEND_ROW;
                g.setColor(Color.decode(Timeline.color(r)));
                g.fill(new Rectangle2D.Double(lx, y - 5, 14, 4));
                g.setColor(Color.BLACK);
                g.drawString(t.labels().get(top.get(r)), (float) lx + 20, (float) y);
            }
        } finally {
            g.dispose();
        }
        return img;
    }
}
