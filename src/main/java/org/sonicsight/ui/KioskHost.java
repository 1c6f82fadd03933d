package org.sonicsight.ui;

import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.layout.BorderPane;

/**
 * What the kiosk layout ({@link KioskMode}) takes from the window it lays out: the parts it rearranges and the
 * view model, nothing else. The main window implements it; the kiosk never reaches into it further.
 */
interface KioskHost {

    MainViewModel viewModel();

    /** The window's root pane (the kiosk sets its centre and its font size). */
    BorderPane root();

    /** The answer card's content. */
    ResultView resultView();

    /** Record &amp; Identify. */
    Button recordButton();

    /** The countdown ring shown on the record button while it records. */
    ProgressIndicator ring();

    /** Seconds left while recording. */
    Label countdown();
}
