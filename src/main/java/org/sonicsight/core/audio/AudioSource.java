package org.sonicsight.core.audio;

/**
 * A live source of mono samples: a microphone, or a file played as a "virtual
 * microphone" in real time. Samples are delivered on the source's own thread;
 * listeners must return quickly and never block it.
 */
public interface AudioSource extends AutoCloseable {

    /** Human-readable name (device name or file name). */
    String name();

    /** Rate of the delivered samples, known once {@link #start} returned. */
    int sampleRate();

    /** Starts delivering samples. A source is started at most once. */
    void start(Listener listener) throws AudioInputException;

    /** Stops delivery; {@link Listener#onEnd()} follows. Safe to call twice. */
    void stop();

    boolean isRunning();

    /**
     * Waits until the delivery thread has finished (after {@link #stop()}):
     * no listener call is in progress or will follow. A caller switching
     * sources waits here, or the old thread could still write into state the
     * new source now owns.
     *
     * @return false when it did not finish in time
     */
    default boolean awaitStopped(long timeoutMillis) throws InterruptedException {
        return true;
    }

    @Override
    default void close() {
        stop();
    }

    /** Receives audio from a source's capture thread. */
    interface Listener {
        /** A block of mono samples; the array is reused after the call. */
        void onSamples(float[] samples, int len, Levels levels);

        /** The source failed (device unplugged, decoding error); onEnd follows. */
        default void onError(AudioInputException error) {
        }

        /** Delivery has stopped, for whatever reason. */
        default void onEnd() {
        }
    }
}
