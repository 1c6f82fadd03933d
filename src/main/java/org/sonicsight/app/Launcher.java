package org.sonicsight.app;

import java.io.IOException;
import java.lang.module.Configuration;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.MalformedURLException;
import java.net.URI;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.stream.Collectors;

/**
 * The {@code Main-Class} of {@code sonicsight.jar} (and of the installers' and the Pi's launchers):
 * puts JavaFX on the module path, as OpenJFX wants it, then runs {@link Main}.
 *
 * <p>JavaFX loaded from the class path works but prints "WARNING: Unsupported JavaFX configuration:
 * classes were loaded from 'unnamed module'" at every desktop start. A manifest cannot name a module
 * path, so this class does in-process what {@code --module-path lib --add-modules javafx.controls}
 * would: the app and its other libraries run in a class loader ({@link AppLoader}) over the class
 * path minus the JavaFX jars, and the first time the app asks for a JavaFX class the JavaFX modular
 * jars are defined as named modules in a module layer under it. The app stays in an unnamed module,
 * as OpenJFX documents for non-modular apps; every JavaFX package is opened to it, which is what the
 * class path gave (ControlsFX reaches into JavaFX internals). No second JVM; the CLI, which touches
 * no JavaFX, never builds the layer.
 *
 * <p>When JavaFX is already a named module (a runtime with it linked in, or {@code --module-path}) or
 * no JavaFX jar is on the class path, {@code Main} runs as it is.
 */
public final class Launcher {

    static final String MAIN = "org.sonicsight.app.Main";

    private Launcher() {
    }

    public static void main(String[] args) throws Throwable {
        ClassLoader loader = appLoader();
        Thread.currentThread().setContextClassLoader(loader);
        Method main = Class.forName(MAIN, true, loader).getMethod("main", String[].class);
        try {
            main.invoke(null, (Object) args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    /** The loader to run the app in: the system one, or an {@link AppLoader} when JavaFX jars are on the class path. */
    static ClassLoader appLoader() {
        ClassLoader system = ClassLoader.getSystemClassLoader();
        if (ModuleLayer.boot().findModule("javafx.graphics").isPresent()) {
            return system;
        }
        List<Path> fx = new ArrayList<>();
        List<URL> rest = new ArrayList<>();
        for (Path p : classPath()) {
            String name = p.getFileName().toString();
            if (name.startsWith("javafx-") && name.endsWith(".jar")) {
                fx.add(p);
            } else {
                try {
                    rest.add(p.toUri().toURL());
                } catch (MalformedURLException e) {
                    throw new IllegalArgumentException(p.toString(), e);
                }
            }
        }
        return fx.isEmpty() ? system : new AppLoader(rest.toArray(URL[]::new), fx);
    }

    /**
     * The class path as the JVM builds it: {@code java.class.path}, then the {@code Class-Path} of the
     * jars named there (what {@code java -jar} and surefire's booter jar use), existing entries only, each once.
     */
    static List<Path> classPath() {
        Set<Path> seen = new LinkedHashSet<>();
        List<Path> top = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path", "").split(java.io.File.pathSeparator)) {
            if (!entry.isEmpty()) {
                top.add(Paths.get(entry).toAbsolutePath().normalize());
            }
        }
        for (Path p : top) {
            if (!Files.exists(p) || !seen.add(p) || !Files.isRegularFile(p)) {
                continue;
            }
            String classPath = null;
            try (JarFile jar = new JarFile(p.toFile(), false)) {
                Manifest m = jar.getManifest();
                classPath = m == null ? null : m.getMainAttributes().getValue(Attributes.Name.CLASS_PATH);
            } catch (IOException e) {
                // not a jar: nothing to follow
            }
            if (classPath == null) {
                continue;
            }
            URI base = p.getParent().toUri();
            for (String ref : classPath.trim().split("\\s+")) {
                try {
                    URI uri = base.resolve(ref);
                    Path dep = "file".equals(uri.getScheme()) ? Paths.get(uri).normalize() : null;
                    if (dep != null && Files.exists(dep)) {
                        seen.add(dep);
                    }
                } catch (IllegalArgumentException e) {
                    // not a local file: the JVM skips it too
                }
            }
        }
        return new ArrayList<>(seen);
    }

    /**
     * Loads the app from the class path without JavaFX; JavaFX classes come from a module layer built
     * from the JavaFX jars on first use.
     */
    static final class AppLoader extends URLClassLoader {

        static {
            registerAsParallelCapable();
        }

        private final List<Path> fxJars;
        volatile ClassLoader fx;

        AppLoader(URL[] urls, List<Path> fxJars) {
            super("sonicsight", urls, ClassLoader.getPlatformClassLoader());
            this.fxJars = List.copyOf(fxJars);
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            if (isJavaFx(name)) {
                try {
                    return fx().loadClass(name);
                } catch (RuntimeException | LinkageError e) {
                    throw new ClassNotFoundException(name + " (JavaFX modules could not be loaded: " + e.getMessage() + ")", e);
                }
            }
            return super.loadClass(name, resolve);
        }

        @Override
        public URL getResource(String name) {
            URL url = super.getResource(name);
            return url != null || !isJavaFx(name.replace('/', '.')) ? url : fx().getResource(name);
        }

        /** Packages of the JavaFX modules (javafx.* and their com.sun internals). */
        static boolean isJavaFx(String name) {
            return name.startsWith("javafx.") || name.startsWith("com.sun.javafx.") || name.startsWith("com.sun.glass.")
                    || name.startsWith("com.sun.prism.") || name.startsWith("com.sun.scenario.")
                    || name.startsWith("com.sun.media.jfxmedia") || name.startsWith("com.sun.marlin.")
                    || name.startsWith("com.sun.pisces.") || name.startsWith("com.sun.openpisces.")
                    || name.startsWith("com.sun.util.reentrant.") || name.startsWith("com.sun.webkit.");
        }

        /** The JavaFX modules' loader; the layer is built on the first call. */
        ClassLoader fx() {
            ClassLoader l = fx;
            if (l == null) {
                synchronized (this) {
                    l = fx;
                    if (l == null) {
                        l = defineJavaFxLayer();
                        fx = l;
                    }
                }
            }
            return l;
        }

        private ClassLoader defineJavaFxLayer() {
            // Maven also fetches an empty placeholder jar per JavaFX module: an automatic module, left out.
            ModuleFinder finder = ModuleFinder.of(fxJars.toArray(Path[]::new));
            Set<String> roots = finder.findAll().stream().map(r -> r.descriptor())
                    .filter(d -> !d.isAutomatic() && d.name().startsWith("javafx."))
                    .map(ModuleDescriptor::name).collect(Collectors.toSet());
            ModuleLayer boot = ModuleLayer.boot();
            Configuration config = boot.configuration().resolve(finder, ModuleFinder.of(), roots);
            ModuleLayer.Controller layer = ModuleLayer.defineModulesWithOneLoader(config, List.of(boot),
                    ClassLoader.getPlatformClassLoader());
            Module app = getUnnamedModule();
            for (Module m : layer.layer().modules()) {
                for (String pkg : m.getPackages()) {
                    layer.addOpens(m, pkg, app);
                }
            }
            return layer.layer().findLoader("javafx.base");
        }
    }
}
