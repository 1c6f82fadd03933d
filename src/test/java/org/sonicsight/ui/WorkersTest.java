package org.sonicsight.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Closing the app's workers keeps the user's data: queued saves run, a save in progress is not interrupted. */
class WorkersTest {

    @Test
    void closeDrainsQueuedSavesWithoutInterruptingTheOneRunning() throws Exception {
        Workers workers = new Workers();
        List<String> done = new CopyOnWriteArrayList<>();
        CountDownLatch firstStarted = new CountDownLatch(1);
        for (int i = 0; i < 3; i++) {
            int n = i;
            workers.storage.execute(() -> {
                firstStarted.countDown();
                try {
                    Thread.sleep(150); // a write that takes a moment
                    done.add("save " + n);
                } catch (InterruptedException e) {
                    done.add("save " + n + " interrupted");
                }
            });
        }
        firstStarted.await(5, TimeUnit.SECONDS);
        workers.close();
        assertEquals(List.of("save 0", "save 1", "save 2"), done);
    }
}
