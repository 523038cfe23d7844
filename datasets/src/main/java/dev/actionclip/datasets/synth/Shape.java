package dev.actionclip.datasets.synth;

/**
 * Object shapes, as polygons in a unit circle (y grows downwards, like image rows). A circle has no polygon and
 * looks the same at every angle, so rotating motions are not offered for it.
 */
public enum Shape {
    CIRCLE(null),
    SQUARE(regular(4, Math.PI / 4, 0.9)),
    TRIANGLE(regular(3, -Math.PI / 2, 1.0)),
    CROSS(cross()),
    STAR(star());

    /** x0, y0, x1, y1, ... or null for the circle. */
    final double[] polygon;

    Shape(double[] polygon) {
        this.polygon = polygon;
    }

    public String word() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** True when a rotation of the shape can be seen. */
    public boolean showsRotation() {
        return polygon != null;
    }

    public static Shape parse(String s) {
        return Parts.parse(Shape.class, s, Shape::word);
    }

    /** Is the point (u, v), in units of the radius and already un-rotated, inside the shape? */
    boolean contains(double u, double v) {
        if (polygon == null) {
            return u * u + v * v <= 1.0;
        }
        boolean in = false; // even-odd ray casting: also right for the concave star and cross
        int n = polygon.length / 2;
        for (int i = 0, j = n - 1; i < n; j = i++) {
            double xi = polygon[2 * i];
            double yi = polygon[2 * i + 1];
            double xj = polygon[2 * j];
            double yj = polygon[2 * j + 1];
            if ((yi > v) != (yj > v) && u < (xj - xi) * (v - yi) / (yj - yi) + xi) {
                in = !in;
            }
        }
        return in;
    }

    private static double[] regular(int n, double phase, double radius) {
        double[] p = new double[2 * n];
        for (int i = 0; i < n; i++) {
            double a = phase + 2 * Math.PI * i / n;
            p[2 * i] = radius * Math.cos(a);
            p[2 * i + 1] = radius * Math.sin(a);
        }
        return p;
    }

    private static double[] star() {
        double[] p = new double[20];
        for (int i = 0; i < 10; i++) {
            double a = -Math.PI / 2 + Math.PI * i / 5;
            double r = i % 2 == 0 ? 1.0 : 0.45;
            p[2 * i] = r * Math.cos(a);
            p[2 * i + 1] = r * Math.sin(a);
        }
        return p;
    }

    private static double[] cross() {
        double a = 0.32;
        double b = 0.95;
        return new double[] {-a, -b, a, -b, a, -a, b, -a, b, a, a, a, a, b, -a, b, -a, a, -b, a, -b, -a, -a, -a};
    }
}
