package org.sonicsight.core.dsp;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * 256-entry colour tables as data. Magma and viridis are matplotlib's
 * (CC0, by Nathaniel Smith and Stéfan van der Walt), read from resources;
 * magma is the default because the original model's training images used it.
 */
public enum Colormap {
    MAGMA("magma"),
    VIRIDIS("viridis"),
    GRAYSCALE("grayscale");

    private final String id;
    private volatile int[] argb;

    Colormap(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    /** Parses "magma", "viridis", "grey"/"gray"/"grayscale" (case-insensitive). */
    public static Colormap parse(String name) {
        String n = name.trim().toLowerCase(Locale.ROOT);
        return switch (n) {
            case "magma" -> MAGMA;
            case "viridis" -> VIRIDIS;
            case "grey", "gray", "grayscale", "greyscale" -> GRAYSCALE;
            default -> throw new IllegalArgumentException("Unknown colormap \"" + name
                    + "\" (choose magma, viridis or grey).");
        };
    }

    /** 256 opaque ARGB colours, darkest (lowest value) first. */
    public int[] table() {
        int[] t = argb;
        if (t == null) {
            t = this == GRAYSCALE ? grey() : load(id);
            argb = t;
        }
        return t;
    }

    /** Colour for {@code value} in [0, 1] (clamped). */
    public int colour(double value) {
        int[] t = table();
        int i = (int) Math.round(Math.max(0, Math.min(1, value)) * 255);
        return t[i];
    }

    private static int[] grey() {
        int[] t = new int[256];
        for (int i = 0; i < 256; i++) {
            t[i] = 0xFF000000 | (i << 16) | (i << 8) | i;
        }
        return t;
    }

    private static int[] load(String id) {
        String resource = "colormaps/" + id + ".txt";
        try (InputStream in = Colormap.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + resource);
            }
            int[] t = new int[256];
            int i = 0;
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII));
            String line;
            while ((line = r.readLine()) != null && i < 256) {
                line = line.trim();
                if (line.isEmpty() || line.startsWith("#")) {
                    continue;
                }
                t[i++] = 0xFF000000 | Integer.parseInt(line, 16);
            }
            if (i != 256) {
                throw new IllegalStateException(resource + " has " + i + " colours, expected 256");
            }
            return t;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
