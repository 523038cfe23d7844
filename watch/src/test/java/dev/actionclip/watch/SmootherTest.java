package dev.actionclip.watch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SmootherTest {
    private static List<Float> all(Smoother s, float... xs) {
        List<Float> out = new ArrayList<>();
        for (int i = 0; i < xs.length; i++) {
            s.push(new ScoredWindow(i, i + 1, new float[] {xs[i]})).forEach(w -> out.add(w.scores()[0]));
        }
        s.flush().forEach(w -> out.add(w.scores()[0]));
        return out;
    }

    @Test
    void centredMovingAverageAndItsEdges() {
        assertEquals(List.of(1.5f, 2f, 3f, 3.5f), all(Smoother.movingAverage(3), 1, 2, 3, 4));
        // Even K leans forward: window i averages [i-1, i+2].
        assertEquals(List.of(2f, 2.5f, 3f, 3.5f), all(Smoother.movingAverage(4), 1, 2, 3, 4));
        assertEquals(List.of(1f, 2f), all(Smoother.none(), 1, 2));
        assertEquals(List.of(5f), all(Smoother.movingAverage(5), 5));
    }

    @Test
    void emaFollowsItsFormula() {
        List<Float> out = all(Smoother.ema(0.5), 1, 0, 0);
        assertEquals(List.of(1f, 0.5f, 0.25f), out);
    }

    @Test
    void parsesSpecs() {
        assertInstanceOf(Smoother.MovingAverage.class, Smoother.parse("ma:5"));
        assertInstanceOf(Smoother.Ema.class, Smoother.parse("ema:0.3"));
        assertInstanceOf(Smoother.MovingAverage.class, Smoother.parse("none"));
        assertThrows(IllegalArgumentException.class, () -> Smoother.parse("ma:x"));
        assertThrows(IllegalArgumentException.class, () -> Smoother.parse("median:3"));
        assertThrows(IllegalArgumentException.class, () -> Smoother.parse("ema:2"));
    }
}
