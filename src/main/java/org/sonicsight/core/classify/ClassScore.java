package org.sonicsight.core.classify;

/** One class and its probability (0..1). */
public record ClassScore(String label, double probability) {
}
