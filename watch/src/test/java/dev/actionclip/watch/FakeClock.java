package dev.actionclip.watch;

import java.util.ArrayList;
import java.util.List;

/** A clock that moves only when told, and a sleeper that advances it and records the waits. */
final class FakeClock implements Reconnector.Sleeper {
    long nanos;
    final List<Long> sleeps = new ArrayList<>();

    long now() {
        return nanos;
    }

    void advanceSeconds(double s) {
        nanos += (long) (s * 1e9);
    }

    @Override
    public void sleep(long millis) {
        sleeps.add(millis);
        nanos += millis * 1_000_000L;
    }
}
