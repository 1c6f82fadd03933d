package org.sonicsight.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.util.Collections;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.sonicsight.web.WebServer;
import org.sonicsight.core.config.AppConfig;

/** The kiosk's embedded server binds where it is told: a Pi behind a tunnel keeps it on loopback. */
class EmbeddedWebTest {

    @Test
    void serveHostBindsTheEmbeddedServerToThatAddressOnly() throws Exception {
        try (EmbeddedWeb web = EmbeddedWeb.start(AppConfig.defaults(), 0, Optional.of("127.0.0.1"), Optional.empty(), Runnable::run)) {
            WebServer server = web.server().get(60, TimeUnit.SECONDS);
            assertEquals(server.port(), web.started().get(1, TimeUnit.SECONDS));
            assertEquals("127.0.0.1", server.config().host());
            try (Socket s = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
                assertTrue(s.isConnected());
            }
            // Where the machine has another address, nothing answers there.
            for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                for (InetAddress a : Collections.list(nic.getInetAddresses())) {
                    if (a instanceof Inet4Address && !a.isLoopbackAddress()) {
                        try (Socket s = new Socket()) {
                            assertThrows(java.io.IOException.class,
                                    () -> s.connect(new InetSocketAddress(a, server.port()), 1000), a.toString());
                        }
                    }
                }
            }
        }
    }
}
