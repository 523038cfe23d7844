package dev.actionclip.datasets.synth;

/**
 * What the object does during a clip. Motions come in pairs along one {@link Kind}: the second of a pair is
 * rendered as the first one's frames in reverse order ({@link #reversed}), so both show exactly the same set of
 * frames and only their order tells them apart (mean pooling over frames cannot).
 */
public enum Motion {
    MOVING_RIGHT("moving right", Kind.HORIZONTAL, false),
    MOVING_LEFT("moving left", Kind.HORIZONTAL, true),
    MOVING_DOWN("moving down", Kind.VERTICAL, false),
    MOVING_UP("moving up", Kind.VERTICAL, true),
    GROWING("growing", Kind.SCALE, false),
    SHRINKING("shrinking", Kind.SCALE, true),
    ROTATING_CLOCKWISE("rotating clockwise", Kind.ROTATION, false),
    ROTATING_COUNTERCLOCKWISE("rotating counterclockwise", Kind.ROTATION, true),
    BOUNCING("bouncing", Kind.BOUNCE, false);

    /** The trajectory family; a pair shares it and differs in {@link #reversed}. */
    public enum Kind { HORIZONTAL, VERTICAL, SCALE, ROTATION, BOUNCE }

    public final String phrase;
    public final Kind kind;
    /** Rendered as the frames of the forward motion of the same kind, last frame first. */
    public final boolean reversed;

    Motion(String phrase, Kind kind, boolean reversed) {
        this.phrase = phrase;
        this.kind = kind;
        this.reversed = reversed;
    }

    /** The motion of the same kind in the other direction, or itself when it has none (bouncing). */
    public Motion opposite() {
        for (Motion m : values()) {
            if (m.kind == kind && m != this) {
                return m;
            }
        }
        return this;
    }

    /** The phrase ("moving left"), the constant name, or the last word alone ("left", "anticlockwise"). */
    public static Motion parse(String s) {
        String t = Parts.norm(s).replace("anticlockwise", "counterclockwise");
        for (Motion m : values()) {
            if (!t.isEmpty() && Parts.norm(m.phrase).endsWith(" " + t)) {
                return m;
            }
        }
        return Parts.parse(Motion.class, t, m -> m.phrase);
    }
}
