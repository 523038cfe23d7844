package dev.actionclip.label;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class BatchPipelineTest {
    @Test
    void deliversEveryItemOnceInInputOrderWithFailuresInPlace() throws Exception {
        for (int threads : new int[] {0, 1, 3}) {
            List<Integer> in = IntStream.range(0, 50).boxed().collect(Collectors.toList());
            List<String> seen = Collections.synchronizedList(new ArrayList<>());
            List<Integer> batchSizes = Collections.synchronizedList(new ArrayList<>());
            BatchPipeline<Integer, Integer, String> p = new BatchPipeline<>(threads, 4, 4);
            BatchPipeline.Stats s = p.run(in, i -> {
                Thread.sleep(ThreadLocalRandom.current().nextInt(3));
                if (i % 7 == 3) {
                    throw new IllegalStateException("bad video " + i);
                }
                return i * 10;
            }, batch -> {
                batchSizes.add(batch.size());
                return batch.stream().map(d -> "r" + d).collect(Collectors.toList());
            }, (idx, input, result, error) -> seen.add(idx + ":" + (error == null ? result : "E")));
            List<String> expected = in.stream().map(i -> i + ":" + (i % 7 == 3 ? "E" : "r" + i * 10))
                    .collect(Collectors.toList());
            assertEquals(expected, seen, "threads=" + threads);
            assertEquals(7, s.failed());
            assertEquals(43, s.succeeded());
            assertTrue(batchSizes.stream().allMatch(b -> b >= 1 && b <= 4));
        }
    }

    @Test
    void aFailingBatchMarksItsItemsAndTheRunGoesOn() throws Exception {
        List<String> seen = new ArrayList<>();
        new BatchPipeline<Integer, Integer, Integer>(2, 2, 2).run(List.of(1, 2, 3, 4), i -> i, batch -> {
            if (batch.contains(1)) {
                throw new IllegalStateException("model exploded");
            }
            return batch;
        }, (idx, input, result, error) -> seen.add(input + (error == null ? "ok" : "fail")));
        assertEquals(4, seen.size());
        assertEquals("1fail", seen.get(0));
        assertEquals("4ok", seen.get(3));
    }
}
