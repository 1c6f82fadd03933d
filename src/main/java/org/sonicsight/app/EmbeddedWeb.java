package org.sonicsight.app;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sonicsight.core.backend.Backends;
import org.sonicsight.core.classify.Classifier;
import org.sonicsight.core.config.AppConfig;
import org.sonicsight.ui.EmbeddedServer;
import org.sonicsight.web.WebClassifiers;
import org.sonicsight.web.WebConfig;
import org.sonicsight.web.WebServer;

/**
 * The web page and JSON API served from inside the app ({@code --serve PORT},
 * the kiosk's {@code PORT=}): the same server as {@code sonicsight serve},
 * with its own classifier so that web visitors never wait behind the screen.
 * Starting it (loading the model, binding the port) happens off the FX thread;
 * a failure is reported, never fatal.
 */
public final class EmbeddedWeb implements EmbeddedServer {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedWeb.class);

    private final CompletableFuture<WebServer> started;
    private volatile Classifier classifier;
    private volatile WebServer server;

    private EmbeddedWeb(AppConfig config, int port, Optional<String> host, Optional<String> space,
                        Executor executor) {
        started = CompletableFuture.supplyAsync(() -> {
            classifier = WebClassifiers.open(new Backends(config), space.orElse(null), null, null);
            try {
                server = new WebServer(classifier, WebConfig.defaults().withHost(host.orElse("0.0.0.0"))).start(port);
            } catch (RuntimeException e) {
                classifier.close();
                classifier = null;
                throw e;
            }
            LOG.info("Web page and API on port {} ({})", server.port(), classifier.name());
            return server;
        }, executor);
    }

    public static EmbeddedWeb start(AppConfig config, int port, Optional<String> host, Optional<String> space,
                                    Executor executor) {
        return new EmbeddedWeb(config, port, host, space, executor);
    }

    /** What the desktop starts for {@code --serve}: this server, with this configuration. */
    public static EmbeddedServer.Factory factory(AppConfig config) {
        return (port, host, space, executor) -> start(config, port, host, space, executor);
    }

    /** Completes with the running server, or with why it could not start. */
    public CompletableFuture<WebServer> server() {
        return started;
    }

    @Override
    public CompletableFuture<Integer> started() {
        return started.thenApply(WebServer::port);
    }

    @Override
    public void close() {
        started.cancel(false);
        WebServer s = server;
        if (s != null) {
            s.stop();
        }
        Classifier c = classifier;
        if (c != null) {
            c.close();
        }
    }
}
