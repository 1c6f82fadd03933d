package org.sonicsight.core.live;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Bounded single-producer single-consumer ring of spectrogram columns. The
 * audio thread offers columns and never blocks or allocates: when the ring is
 * full the column is dropped and counted. The FX pulse drains what arrived.
 */
public final class ColumnRing {

    private final float[][] slots;
    private final long[] stamps;
    private final int mask;
    private final AtomicLong head = new AtomicLong(); // next slot to read
    private final AtomicLong tail = new AtomicLong(); // next slot to write
    private final AtomicLong dropped = new AtomicLong();

    /** @param capacity rounded up to a power of two */
    public ColumnRing(int capacity, int bands) {
        int size = Integer.highestOneBit(Math.max(2, capacity - 1)) << 1;
        slots = new float[size][bands];
        stamps = new long[size];
        mask = size - 1;
    }

    public int capacity() {
        return slots.length;
    }

    /** Producer side: copies {@code column}; false (and counted) when full. */
    public boolean offer(float[] column, long stampNanos) {
        long t = tail.get();
        if (t - head.get() >= slots.length) {
            dropped.incrementAndGet();
            return false;
        }
        int i = (int) (t & mask);
        System.arraycopy(column, 0, slots[i], 0, slots[i].length);
        stamps[i] = stampNanos;
        tail.lazySet(t + 1); // publishes the slot contents
        return true;
    }

    /** Receives drained columns; the array is only valid during the call. */
    public interface Drain {
        void accept(float[] column, long stampNanos);
    }

    /** Consumer side: hands over everything queued, oldest first; returns how many. */
    public int drain(Drain sink) {
        long h = head.get();
        long t = tail.get();
        for (long k = h; k < t; k++) {
            int i = (int) (k & mask);
            sink.accept(slots[i], stamps[i]);
        }
        head.lazySet(t);
        return (int) (t - h);
    }

    public long dropped() {
        return dropped.get();
    }
}
