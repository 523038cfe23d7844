package dev.actionclip.watch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SpanTest {
    @Test
    void parsesSecondsMillisAndFrames() {
        assertEquals(Span.seconds(2), Span.parse("2s"));
        assertEquals(Span.seconds(1.5), Span.parse(" 1.5S "));
        assertEquals(Span.seconds(0.5), Span.parse("500ms"));
        assertEquals(Span.frames(16), Span.parse("16f"));
        assertEquals(16, Span.parse("16f").frameCount());
        assertEquals("2s", Span.seconds(2).toString());
        assertEquals("16f", Span.frames(16).toString());
    }

    @Test
    void rejectsBadTextWithAClearMessage() {
        for (String bad : new String[] {"", "2", "s", "-1s", "0s", "2 sec", "1.5f", "abc", "2s3"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Span.parse(bad), bad);
            assertTrue(e.getMessage().contains("bad span '" + bad + "'"), e.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> Span.parse(null));
    }
}
