package org.sonicsight.web;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The last few results (spectrogram PNGs, audio previews) in memory, under
 * unguessable ids, so a page can fetch them by URL without anything touching
 * the disk. Bounded by entry count and total bytes; the oldest go first.
 */
final class RecentStore {

    /** What is kept: bytes and the content type to serve them with. */
    record Item(byte[] bytes, String contentType) {
    }

    private final SecureRandom random = new SecureRandom();
    private final int maxEntries;
    private final long maxBytes;
    private final LinkedHashMap<String, Item> items = new LinkedHashMap<>(16, 0.75f, true);
    private long bytes;

    RecentStore(int maxEntries, long maxBytes) {
        this.maxEntries = maxEntries;
        this.maxBytes = maxBytes;
    }

    /** Stores an item and returns its new id (32 hex digits). */
    String put(byte[] content, String contentType) {
        byte[] raw = new byte[16];
        random.nextBytes(raw);
        String id = HexFormat.of().formatHex(raw);
        synchronized (items) {
            items.put(id, new Item(content, contentType));
            bytes += content.length;
            var it = items.entrySet().iterator();
            while ((items.size() > maxEntries || bytes > maxBytes) && it.hasNext()) {
                Map.Entry<String, Item> eldest = it.next();
                if (eldest.getKey().equals(id)) {
                    break;
                }
                bytes -= eldest.getValue().bytes().length;
                it.remove();
            }
        }
        return id;
    }

    Optional<Item> get(String id) {
        if (id == null || !id.matches("[0-9a-f]{32}")) {
            return Optional.empty();
        }
        synchronized (items) {
            return Optional.ofNullable(items.get(id));
        }
    }

    int size() {
        synchronized (items) {
            return items.size();
        }
    }
}
