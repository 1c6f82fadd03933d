package org.sonicsight.app;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Which face a command line starts: only the first non-global argument can name a subcommand. */
class MainTest {

    @Test
    void aSubcommandFirstRunsTheCli() {
        assertTrue(Main.isCliInvocation(new String[] {"identify", "clip.wav"}));
        assertTrue(Main.isCliInvocation(new String[] {"--debug", "serve"}));
        assertTrue(Main.isCliInvocation(new String[] {"--log-level", "DEBUG", "record", "-d", "1"}));
        assertTrue(Main.isCliInvocation(new String[] {"--log-level=INFO", "devices"}));
        assertTrue(Main.isCliInvocation(new String[] {"--help"}));
    }

    @Test
    void aSubcommandNameInAnyOtherPlaceIsAValueOrAFile() {
        assertFalse(Main.isCliInvocation(new String[] {}));
        assertFalse(Main.isCliInvocation(new String[] {"--demo", "serve"}));
        assertFalse(Main.isCliInvocation(new String[] {"clip.wav", "record"}));
        assertFalse(Main.isCliInvocation(new String[] {"--kiosk", "--space", "identify"}));
        assertFalse(Main.isCliInvocation(new String[] {"--log-level", "serve"}));
    }
}
