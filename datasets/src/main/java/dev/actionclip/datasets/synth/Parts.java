package dev.actionclip.datasets.synth;

import java.util.Arrays;
import java.util.Locale;
import java.util.function.Function;

/** Lookup of the compositional parts ({@link Shape}, {@link Colour}, {@link Motion}) by the words users type. */
final class Parts {
    private Parts() {
    }

    /** Case-insensitive; '-' and '_' count as spaces; matches the phrase or the enum constant name. */
    static <E extends Enum<E>> E parse(Class<E> type, String text, Function<E, String> phrase) {
        String t = norm(text);
        for (E e : type.getEnumConstants()) {
            if (norm(phrase.apply(e)).equals(t) || norm(e.name()).equals(t)) {
                return e;
            }
        }
        throw new IllegalArgumentException("unknown " + type.getSimpleName().toLowerCase(Locale.ROOT) + " '" + text
                + "'; one of " + Arrays.stream(type.getEnumConstants()).map(phrase).toList());
    }

    static String norm(String s) {
        return s.strip().toLowerCase(Locale.ROOT).replace('-', ' ').replace('_', ' ').replaceAll("\\s+", " ");
    }
}
