package org.sonicsight.core.history;

import java.util.Locale;

/**
 * Which history entries to show: one verdict (or all) and a piece of the source's name ("bark", "garden.wav"),
 * case-insensitive.
 *
 * @param verdict "dog", "cat", "other", or blank for all
 * @param query   text the source must contain, or blank
 */
public record HistoryFilter(String verdict, String query) {

    public static final HistoryFilter ALL = new HistoryFilter("", "");

    public HistoryFilter {
        verdict = verdict == null ? "" : verdict.strip().toLowerCase(Locale.ROOT);
        query = query == null ? "" : query.strip().toLowerCase(Locale.ROOT);
    }

    public boolean matches(HistoryEntry e) {
        if (!verdict.isEmpty() && !verdict.equalsIgnoreCase(e.verdict())) {
            return false;
        }
        return query.isEmpty() || e.source().toLowerCase(Locale.ROOT).contains(query)
                || e.label().toLowerCase(Locale.ROOT).contains(query);
    }
}
