package org.sonicsight.ui;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import org.sonicsight.core.detect.DetectedEvent;

/** One file of a batch: what the table shows (FX thread) and the events found. */
final class BatchRow {

    enum State { WAITING, SCANNING, DONE, FAILED, CANCELLED }

    final Path path;
    /** The path as shown: relative to the folder it was found in, or the file name. */
    final String display;
    final DoubleProperty duration = new SimpleDoubleProperty(-1);
    final IntegerProperty dogs = new SimpleIntegerProperty();
    final IntegerProperty cats = new SimpleIntegerProperty();
    final IntegerProperty others = new SimpleIntegerProperty();
    final DoubleProperty best = new SimpleDoubleProperty(-1);
    final StringProperty status = new SimpleStringProperty("Waiting");
    final List<DetectedEvent> events = new ArrayList<>();
    State state = State.WAITING;

    BatchRow(Path path, String display) {
        this.path = path;
        this.display = display;
    }

    void add(DetectedEvent e) {
        events.add(e);
        switch (e.verdict()) {
            case DOG -> dogs.set(dogs.get() + 1);
            case CAT -> cats.set(cats.get() + 1);
            default -> others.set(others.get() + 1);
        }
        best.set(Math.max(best.get(), e.confidence()));
    }
}
