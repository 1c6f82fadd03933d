package org.sonicsight.ui;

import javafx.beans.binding.Bindings;
import javafx.beans.binding.StringBinding;
import javafx.beans.value.ObservableValue;
import javafx.scene.Node;
import javafx.scene.control.Control;
import javafx.scene.control.Labeled;
import javafx.scene.control.MenuItem;
import javafx.scene.control.Tooltip;
import org.sonicsight.core.i18n.Messages;

/**
 * Texts bound to the window's language: a change of language (Settings, the kiosk's switch) relabels every
 * control at once. Help texts are both the tooltip and the screen reader's help ({@code accessibleHelp}).
 */
final class UiText {

    private UiText() {
    }

    static StringBinding of(ObservableValue<Messages> m, String key, Object... args) {
        return Bindings.createStringBinding(() -> m.getValue().get(key, args), m);
    }

    /** The control's text. */
    static <T extends Labeled> T text(T labeled, ObservableValue<Messages> m, String key) {
        labeled.textProperty().bind(of(m, key));
        return labeled;
    }

    static MenuItem text(MenuItem item, ObservableValue<Messages> m, String key) {
        item.textProperty().bind(of(m, key));
        return item;
    }

    /** A tooltip, and the same words as the screen reader's help. */
    static <T extends Control> T help(T control, ObservableValue<Messages> m, String key) {
        Tooltip tip = new Tooltip();
        tip.textProperty().bind(of(m, key));
        control.setTooltip(tip);
        control.accessibleHelpProperty().bind(of(m, key));
        return control;
    }

    /** The screen reader's name for a node that shows no text of its own (or another text). */
    static <T extends Node> T name(T node, ObservableValue<Messages> m, String key) {
        node.accessibleTextProperty().bind(of(m, key));
        return node;
    }
}
