package dev.actionclip.watch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class StreamingTest {
    @Test
    void statsCountAndComputeRealTimeFactor() {
        FakeClock clock = new FakeClock();
        StreamStats s = new StreamStats(clock::now);
        assertEquals(0, s.realTimeFactor());
        for (int i = 0; i < 10; i++) {
            s.scored(i, i + 2); // 2 s windows, 1 s stride: 11 s of media
        }
        s.dropped(3);
        clock.advanceSeconds(5.5);
        assertEquals(10, s.windowsScored());
        assertEquals(3, s.windowsDropped());
        assertEquals(11, s.mediaSeconds(), 1e-12);
        assertEquals(2.0, s.realTimeFactor(), 1e-9);
        assertTrue(s.summary().contains("2.00x real time"), s.summary());
    }

    @Test
    void dropOldestKeepsTheFreshest() throws InterruptedException {
        List<Integer> lost = new ArrayList<>();
        LatestWindowQueue<Integer> q = new LatestWindowQueue<>(2, LatestWindowQueue.Policy.DROP_OLDEST, lost::add);
        for (int i = 1; i <= 5; i++) {
            assertTrue(q.offer(i));
        }
        assertEquals(3, q.dropped());
        assertEquals(List.of(1, 2, 3), lost);
        assertEquals(4, q.poll(0, TimeUnit.SECONDS));
        assertEquals(5, q.take());
        assertNull(q.poll(0, TimeUnit.SECONDS));
    }

    @Test
    void dropNewestKeepsWhatItHasAndCloseDrains() throws InterruptedException {
        LatestWindowQueue<Integer> q = new LatestWindowQueue<>(2, LatestWindowQueue.Policy.DROP_NEWEST);
        assertTrue(q.offer(1));
        assertTrue(q.offer(2));
        assertFalse(q.offer(3));
        assertEquals(1, q.dropped());
        q.close();
        assertThrows(IllegalStateException.class, () -> q.offer(4));
        assertEquals(1, q.take());
        assertEquals(2, q.take());
        assertNull(q.take());
    }

    @Test
    void consumerThreadReceivesItems() throws InterruptedException {
        LatestWindowQueue<Integer> q = new LatestWindowQueue<>(4, LatestWindowQueue.Policy.DROP_OLDEST);
        List<Integer> got = new ArrayList<>();
        Thread t = new Thread(() -> {
            try {
                for (Integer x; (x = q.take()) != null; ) {
                    got.add(x);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        t.start();
        for (int i = 0; i < 100; i++) {
            q.offer(i);
        }
        q.close();
        t.join(10_000);
        assertFalse(t.isAlive());
        assertEquals(100, got.size() + q.dropped());
        assertEquals(99, got.get(got.size() - 1));
    }

    @Test
    void reconnectorBacksOffExponentiallyUpToTheCap() throws InterruptedException {
        FakeClock clock = new FakeClock();
        AtomicInteger calls = new AtomicInteger();
        Reconnector<String> r = new Reconnector<>(() -> {
            if (calls.incrementAndGet() <= 6) {
                throw new IllegalStateException("connection refused");
            }
            return "stream";
        }, 100, 1000, 0, 1, 0, clock);
        assertEquals("stream", r.open());
        assertEquals(List.of(100L, 200L, 400L, 800L, 1000L, 1000L), clock.sleeps);
        assertEquals(0, r.failures());
        assertEquals(6, r.totalFailures());
    }

    @Test
    void reconnectorGivesUpAfterNFailures() {
        FakeClock clock = new FakeClock();
        Reconnector<String> r = new Reconnector<>(() -> {
            throw new IllegalStateException("404");
        }, 50, 1000, 0, 1, 3, clock);
        Reconnector.GaveUpException e = assertThrows(Reconnector.GaveUpException.class, r::open);
        assertTrue(e.getMessage().contains("3 failed attempts"), e.getMessage());
        assertEquals("404", e.getCause().getMessage());
        assertEquals(List.of(50L, 100L), clock.sleeps);
    }

    @Test
    void jitterIsSeededAndBounded() {
        Reconnector<String> a = new Reconnector<>(() -> "x", 1000, 1000, 0.2, 42, 0, new FakeClock());
        Reconnector<String> b = new Reconnector<>(() -> "x", 1000, 1000, 0.2, 42, 0, new FakeClock());
        boolean varied = false;
        for (int i = 1; i <= 20; i++) {
            long d = a.delayMillis(i);
            assertEquals(d, b.delayMillis(i));
            assertTrue(d >= 800 && d <= 1200, "delay " + d);
            varied |= d != 1000;
        }
        assertTrue(varied);
    }
}
