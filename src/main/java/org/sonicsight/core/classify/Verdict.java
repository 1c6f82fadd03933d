package org.sonicsight.core.classify;

import java.util.Locale;

/** The answer most users want: dog, cat, or something else. */
public enum Verdict {
    DOG, CAT, OTHER;

    /** Lower-case id used in JSON and the CLI ("dog", "cat", "other"). */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Maps a class label to a verdict: dog-ish and cat-ish labels, everything else is OTHER. */
    public static Verdict fromLabel(String label) {
        if (label == null) {
            return OTHER;
        }
        String l = label.trim().toLowerCase(Locale.ROOT);
        if (l.equals("dog") || l.startsWith("dog") || l.contains("bark") || l.contains("bork")) {
            return DOG;
        }
        if (l.equals("cat") || l.startsWith("cat") || l.contains("meow")) {
            return CAT;
        }
        return OTHER;
    }
}
