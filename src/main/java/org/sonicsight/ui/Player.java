package org.sonicsight.ui;

import java.nio.file.Path;
import java.util.function.Consumer;
import java.util.function.DoubleConsumer;
import javafx.scene.media.Media;
import javafx.scene.media.MediaPlayer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Plays files with JavaFX Media (WAV, AIFF, MP3); one at a time. */
final class Player {

    private static final Logger LOG = LoggerFactory.getLogger(Player.class);

    private final Consumer<String> problems;
    private MediaPlayer current;
    private DoubleConsumer position = s -> { };

    Player(Consumer<String> problems) {
        this.problems = problems;
    }

    /** Receives the playback position in seconds, or -1 when stopped. */
    void onPosition(DoubleConsumer listener) {
        this.position = listener;
    }

    void play(Path file) {
        play(file, -1, -1);
    }

    /** Plays seconds {@code from} to {@code to} of the file (a timeline event); negative: from the start / to the end. */
    void play(Path file, double from, double to) {
        stop();
        try {
            MediaPlayer player = new MediaPlayer(new Media(file.toUri().toString()));
            if (from > 0) {
                player.setStartTime(javafx.util.Duration.seconds(from));
            }
            if (to > 0) {
                player.setStopTime(javafx.util.Duration.seconds(to)); // reaching it is the end of media
            }
            player.currentTimeProperty().addListener((obs, old, now) -> position.accept(now.toSeconds()));
            player.setOnEndOfMedia(this::stop);
            player.setOnError(() -> {
                problems.accept("Could not play " + file.getFileName() + ": " + player.getError().getMessage());
                stop();
            });
            current = player;
            player.play();
        } catch (RuntimeException | LinkageError e) {
            // MediaException for formats JavaFX cannot play (FLAC, Ogg); missing natives on odd platforms.
            LOG.debug("playback failed", e);
            problems.accept("Cannot play " + file.getFileName() + " here (JavaFX plays WAV, AIFF and MP3): "
                    + e.getMessage());
        }
    }

    void stop() {
        if (current != null) {
            current.stop();
            current.dispose();
            current = null;
        }
        position.accept(-1);
    }

    boolean isPlaying() {
        return current != null;
    }
}
