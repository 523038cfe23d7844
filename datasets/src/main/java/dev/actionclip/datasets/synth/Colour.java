package dev.actionclip.datasets.synth;

/** Object colours of the synthetic actions; saturated so they stand out from the greyish background. */
public enum Colour {
    RED(220, 30, 30),
    GREEN(30, 190, 40),
    BLUE(40, 70, 230),
    YELLOW(235, 220, 30),
    CYAN(30, 210, 220),
    MAGENTA(210, 40, 200),
    ORANGE(245, 140, 20),
    WHITE(240, 240, 240);

    final int r;
    final int g;
    final int b;

    Colour(int r, int g, int b) {
        this.r = r;
        this.g = g;
        this.b = b;
    }

    public String word() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    public static Colour parse(String s) {
        return Parts.parse(Colour.class, s, Colour::word);
    }
}
