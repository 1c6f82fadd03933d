package org.sonicsight.ui;

import java.util.Locale;
import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.scene.shape.SVGPath;
import org.sonicsight.core.classify.ClassScore;
import org.sonicsight.core.classify.Prediction;
import org.sonicsight.core.classify.Verdict;
import org.sonicsight.core.i18n.Messages;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;

/** The answer: verdict in big type with an icon, a bar per top class, who answered and how long it took. */
final class ResultView extends VBox {

    /** A paw print (four toes and a pad), drawn for dogs and cats. */
    private static final String PAW = "M12 20 C7 20 4 24 4 27 C4 30 7 31 12 30 C17 31 20 30 20 27 C20 24 17 20 12 20 Z "
            + "M3 13 A3 3.6 0 1 0 3.01 13 Z M9 7 A3 3.8 0 1 0 9.01 7 Z M15 7 A3 3.8 0 1 0 15.01 7 Z "
            + "M21 13 A3 3.6 0 1 0 21.01 13 Z";
    /** A sound wave, for everything else. */
    private static final String WAVE = "M2 16 L5 16 L7 8 L10 26 L13 4 L16 28 L19 10 L21 20 L23 16 L26 16";

    private final Label verdict = new Label();
    private final Label detail = new Label();
    private final Label backend = new Label("");
    private final Label note = new Label("");
    private final GridPane bars = new GridPane();
    private final SVGPath icon = new SVGPath();
    private final StackPane badge = new StackPane(icon);
    private int maxScores = 5;
    private boolean compact;
    /** The language of the texts; a change redraws what is shown. */
    final ObjectProperty<Messages> messages = new SimpleObjectProperty<>(Messages.english());
    /** Draws what is shown now again (after a language change). */
    private Runnable redraw = () -> { };

    ResultView() {
        getStyleClass().add("result-view");
        verdict.getStyleClass().add("verdict");
        verdict.setId("verdict");
        verdict.setWrapText(true);
        verdict.setMinHeight(Region.USE_PREF_SIZE);
        detail.setMinHeight(Region.USE_PREF_SIZE);
        detail.getStyleClass().add("detail");
        detail.setWrapText(true);
        backend.getStyleClass().add("backend");
        backend.setId("backend");
        backend.setWrapText(true);
        note.getStyleClass().add("note");
        note.setId("note");
        note.setWrapText(true);
        badge.getStyleClass().add("verdict-badge");
        icon.getStyleClass().add("verdict-icon");
        icon.setContent(WAVE);
        bars.getStyleClass().add("score-bars");
        bars.setHgap(8);
        bars.setVgap(6);
        HBox head = new HBox(14, badge, verdict);
        head.setAlignment(Pos.CENTER_LEFT);
        getChildren().addAll(head, detail, bars, note, backend);
        setSpacing(12);
        setFillWidth(true);
        // Screen readers: the card is a live region; its name is the verdict, its help the details.
        setAccessibleRole(javafx.scene.AccessibleRole.TEXT);
        verdict.setAccessibleRole(javafx.scene.AccessibleRole.TEXT);
        messages.addListener((o, old, now) -> redraw.run());
        showIdle(Messages.english().get("ui.hint.next"));
    }

    private Messages m() {
        return messages.get();
    }

    /** How many classes get a bar (the kiosk shows fewer, bigger ones). */
    void setMaxScores(int n) {
        maxScores = n;
    }

    /** Short wording for a screen read at arm's length: "Built-in model · 52 ms" rather than the model id. */
    void setCompact(boolean compact) {
        this.compact = compact;
    }

    void showIdle(String message) {
        redraw = () -> showIdle(message);
        setVerdictStyle(null);
        verdict.setText(m().get("ui.result.ready"));
        detail.setText(message);
        bars.getChildren().clear();
        note.setText("");
        backend.setText("");
    }

    void showBusy(String title, String message) {
        redraw = () -> { };
        verdict.setText(title);
        detail.setText(message);
    }

    void show(Identification id) {
        redraw = () -> show(id);
        Messages m = m();
        Prediction p = id.prediction();
        setVerdictStyle(p.unsure() ? null : p.verdict());
        verdict.setText(p.unsure() ? m.get("verdict.unsure") : title(m, p.verdict(), p.label()));
        detail.setText(p.unsure()
                ? m.get("ui.result.maybe", m.label(p.label()), m.percent(p.confidence(), 0))
                : m.get("ui.result.detail", m.label(p.label()), m.percent(p.confidence(), 0), id.source()));
        bars.getChildren().clear();
        int row = 0;
        for (ClassScore s : p.top()) {
            if (row == maxScores) {
                break;
            }
            Label name = new Label(m.label(s.label()));
            name.getStyleClass().add("score-label");
            ProgressBar bar = new ProgressBar(s.probability());
            bar.getStyleClass().add("score-bar");
            bar.setMinWidth(30);
            bar.setPrefWidth(120);
            bar.setMaxWidth(Double.MAX_VALUE);
            GridPane.setHgrow(bar, Priority.ALWAYS);
            Label value = new Label(m.percent(s.probability(), 0));
            value.getStyleClass().add("score-value");
            value.setMinWidth(Region.USE_PREF_SIZE); // "100 %" in German and French is wider than "100%"
            name.setMinWidth(Region.USE_PREF_SIZE);
            bar.setAccessibleText(name.getText() + " " + value.getText());
            bars.addRow(row++, name, bar, value);
        }
        note.setText(id.note());
        backend.setText(compact
                ? m.get("ui.result.compact", p.backend().startsWith("local model") ? m.get("ui.result.builtIn")
                        : p.backend(), Long.toString(p.elapsed().toMillis()))
                : m.get("ui.result.answeredBy", p.backend(), Long.toString(p.elapsed().toMillis())));
    }

    static String title(Verdict v, String label) {
        return title(Messages.english(), v, label);
    }

    /** "Dog", "Cat", "Something else: rain" in the window's language. */
    static String title(Messages m, Verdict v, String label) {
        return switch (v) {
            case DOG -> m.get("verdict.dog");
            case CAT -> m.get("verdict.cat");
            case OTHER -> "other".equalsIgnoreCase(label) ? m.get("verdict.other")
                    : m.get("verdict.otherColon", m.label(label));
        };
    }

    /** What a screen reader announces when an answer arrives: "Dog. dog · 93% confident · Live: …". */
    String announcement() {
        return verdict.getText() + ". " + detail.getText();
    }

    private void setVerdictStyle(Verdict v) {
        badge.getStyleClass().removeAll("dog", "cat", "other", "unsure");
        badge.getStyleClass().add(v == null ? "unsure" : v.id());
        icon.setContent(v == Verdict.DOG || v == Verdict.CAT ? PAW : WAVE);
    }

    String verdictText() {
        return verdict.getText();
    }
}
