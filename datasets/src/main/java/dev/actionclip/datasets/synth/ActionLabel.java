package dev.actionclip.datasets.synth;

/** One synthetic class: a shape of a colour doing a motion, named as a phrase, e.g. "a red circle moving left". */
public record ActionLabel(Shape shape, Colour colour, Motion motion) {
    public ActionLabel {
        if (motion.kind == Motion.Kind.ROTATION && !shape.showsRotation()) {
            throw new IllegalArgumentException("a " + shape.word() + " " + motion.phrase + " cannot be seen");
        }
    }

    /** False for combinations that would look like something else (a rotating circle). */
    public static boolean valid(Shape shape, Motion motion) {
        return motion.kind != Motion.Kind.ROTATION || shape.showsRotation();
    }

    public String name() {
        return "a " + colour.word() + " " + shape.word() + " " + motion.phrase;
    }

    /** A folder-friendly spelling of {@link #name()} (underscores for spaces). */
    public String folderName() {
        return name().replace(' ', '_');
    }

    @Override
    public String toString() {
        return name();
    }
}
