package org.sonicsight.ui;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sonicsight.core.audio.AudioClip;
import org.sonicsight.core.dsp.Spectrogram;
import org.sonicsight.core.dsp.SpectrogramAnalyzer;
import org.sonicsight.core.dsp.SpectrogramConfig;
import org.sonicsight.core.history.HistoryEntry;
import org.sonicsight.core.history.HistoryStore;
import org.sonicsight.core.render.SpectrogramPng;
import org.sonicsight.core.i18n.Messages;

/**
 * The identification history as the desktop shows it: the entries, newest first (read-only to the views), and
 * loading, saving, deleting and exporting them on the storage thread. Results arrive on the FX thread.
 */
final class HistoryViewModel {

    private static final Logger LOG = LoggerFactory.getLogger(HistoryViewModel.class);

    /** Where a failed load, delete or export is reported, and where lasting trouble and news go. */
    interface Reports {
        void fail(MainViewModel.Problem.Kind kind, String title, String message);

        void status(String text);

        /** A lasting problem (null: it is over). */
        void notice(String text);

        /** The window's messages in its current language. */
        Messages words();
    }

    private final ObservableList<HistoryEntry> entries = FXCollections.observableArrayList();
    private final ObservableList<HistoryEntry> readOnly = FXCollections.unmodifiableObservableList(entries);
    private final HistoryStore store;
    private final Executor storage;
    private final SpectrogramConfig config;
    private final Reports reports;

    HistoryViewModel(HistoryStore store, Executor storage, SpectrogramConfig config, Reports reports) {
        this.store = store;
        this.storage = storage;
        this.config = config;
        this.reports = reports;
    }

    /** The entries, newest first; changed only here. */
    ObservableList<HistoryEntry> entries() {
        return readOnly;
    }

    HistoryStore store() {
        return store;
    }

    CompletableFuture<List<HistoryEntry>> load() {
        CompletableFuture<List<HistoryEntry>> loaded = CompletableFuture.supplyAsync(store::list, storage);
        FxThread.whenDone(loaded, (list, error) -> {
            if (error == null) {
                if (!list.equals(entries)) { // an unchanged list keeps the table's selection
                    entries.setAll(list);
                }
            } else {
                reports.fail(MainViewModel.Problem.Kind.HISTORY, reports.words().get("history.title"),
                        reports.words().get("history.readFailed", error.getMessage()));
            }
        });
        return loaded;
    }

    /** Saves an answer with its clip and a spectrogram picture; failures are reported as a notice, not fatal. */
    CompletableFuture<HistoryEntry> save(Identification id) {
        CompletableFuture<HistoryEntry> saved = CompletableFuture.supplyAsync(() -> {
            try {
                AudioClip clip = id.clip();
                byte[] png = null;
                if (clip.sampleRate() == config.sampleRate() && clip.samples().length > 0) {
                    Spectrogram sg = new SpectrogramAnalyzer(config).analyze(clip);
                    png = SpectrogramPng.toPng(SpectrogramPng.render(sg, SpectrogramPng.Options.bare()));
                }
                return store.add(HistoryEntry.of(id.prediction(), id.source(), id.note(), Instant.now()), clip, png);
            } catch (IOException e) {
                throw new CompletionException(e);
            }
        }, storage);
        FxThread.whenDone(saved, (entry, error) -> {
            if (error != null) {
                LOG.warn("Could not save to history: {}", MainViewModel.message(error));
                reports.status(reports.words().get("history.saveFailed", MainViewModel.message(error)));
                reports.notice(reports.words().get("history.notSaving", MainViewModel.message(error)));
            } else {
                reports.notice(null);
                entries.add(0, entry);
            }
        });
        return saved;
    }

    CompletableFuture<Void> delete(HistoryEntry entry) {
        CompletableFuture<Void> deleted = CompletableFuture.runAsync(() -> {
            try {
                store.delete(entry.id());
            } catch (IOException e) {
                throw new CompletionException(e);
            }
        }, storage);
        FxThread.whenDone(deleted, (v, error) -> {
            if (error == null) {
                entries.remove(entry);
            } else {
                reports.fail(MainViewModel.Problem.Kind.HISTORY, reports.words().get("history.title"),
                        reports.words().get("history.deleteFailed", error.getMessage()));
            }
        });
        return deleted;
    }

    CompletableFuture<Void> export(Path target, boolean csv) {
        CompletableFuture<Void> exported = CompletableFuture.runAsync(() -> {
            try {
                if (csv) {
                    store.exportCsv(target);
                } else {
                    store.exportJson(target);
                }
            } catch (IOException e) {
                throw new CompletionException(e);
            }
        }, storage);
        FxThread.whenDone(exported, (v, error) -> {
            if (error == null) {
                reports.status(reports.words().get("history.exported", target));
            } else {
                reports.fail(MainViewModel.Problem.Kind.HISTORY, reports.words().get("history.exportFailed"),
                        reports.words().get("history.writeFailed", target, error.getMessage()));
            }
        });
        return exported;
    }
}
