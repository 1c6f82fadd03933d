package org.sonicsight.app;

import java.lang.reflect.Constructor;
import org.sonicsight.core.config.AppConfig;
import picocli.CommandLine;

/**
 * Builds the command tree's commands, handing the one {@link AppConfig} to every command that takes it in its
 * constructor; the others come from picocli's own factory.
 */
final class ConfigFactory implements CommandLine.IFactory {

    private final AppConfig config;

    ConfigFactory(AppConfig config) {
        this.config = config;
    }

    @Override
    public <K> K create(Class<K> cls) throws Exception {
        Constructor<K> withConfig;
        try {
            withConfig = cls.getDeclaredConstructor(AppConfig.class);
        } catch (NoSuchMethodException e) {
            return CommandLine.defaultFactory().create(cls);
        }
        withConfig.setAccessible(true);
        return withConfig.newInstance(config);
    }
}
