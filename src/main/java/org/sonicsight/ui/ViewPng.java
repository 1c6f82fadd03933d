package org.sonicsight.ui;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import javafx.scene.Node;
import javafx.scene.SnapshotParameters;
import javafx.scene.image.PixelFormat;
import javafx.scene.image.WritableImage;
import javax.imageio.ImageIO;
import org.sonicsight.core.settings.AtomicFiles;

/**
 * Saves what a view shows (the spectrogram with its axes, colour bar, selection, timeline overlay) as a PNG: the
 * snapshot is taken on the FX thread, encoded and written (atomically) on another.
 */
final class ViewPng {

    private ViewPng() {
    }

    /** Call on the FX thread. */
    static CompletableFuture<Path> save(Node view, Path target) {
        WritableImage image = view.snapshot(new SnapshotParameters(), null);
        int w = (int) image.getWidth();
        int h = (int) image.getHeight();
        int[] argb = new int[w * h];
        image.getPixelReader().getPixels(0, 0, w, h, PixelFormat.getIntArgbInstance(), argb, 0, w);
        return CompletableFuture.supplyAsync(() -> {
            try {
                BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
                out.setRGB(0, 0, w, h, argb, 0, w);
                java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
                ImageIO.write(out, "png", bytes);
                AtomicFiles.write(target, bytes.toByteArray());
                return target;
            } catch (IOException e) {
                throw new CompletionException(e);
            }
        }, r -> new Thread(r, "save-png").start());
    }
}
