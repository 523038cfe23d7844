package dev.actionclip.watch;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class StreamClockTest {
    @Test
    void firstConnectionKeepsRawTimesAndReconnectContinues() {
        StreamClock c = new StreamClock();
        assertEquals(0.0, c.next(0.0), 1e-12);
        assertEquals(0.04, c.next(0.04), 1e-12);
        assertEquals(0.08, c.next(0.08), 1e-12);
        assertEquals(2, c.lastIndex());
        c.reconnected();
        // The source restarts at 0: the first new frame lands one interval (0.04 s) later.
        assertEquals(0.12, c.next(0.0), 1e-12);
        assertEquals(0.16, c.next(0.04), 1e-12);
        c.reconnected();
        assertEquals(0.20, c.next(1234.5), 1e-9); // an unrelated timestamp base
        assertEquals(5, c.lastIndex());
    }

    @Test
    void plannerAcceptsFramesAcrossReconnects() {
        StreamClock c = new StreamClock();
        WindowPlanner<Integer> p = new WindowPlanner<>(Span.seconds(1), Span.seconds(1), 2);
        int windows = 0;
        for (int conn = 0; conn < 3; conn++) {
            c.reconnected();
            for (int i = 0; i < 50; i++) {
                double t = c.next(i / 25.0);
                windows += p.offer(c.lastIndex(), t, i).size();
            }
        }
        assertEquals(0, p.framesIgnored());
        assertEquals(5, windows); // 6 s of media: [0,1) .. [4,5) complete
    }
}
