package org.sonicsight.app;

import java.lang.reflect.AnnotatedElement;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;

/**
 * Resolves the {@code ${env:NAME:-fallback}} defaults of the command tree's options against one environment
 * map: the process's own in {@code Main} (read there once), a map in tests. The annotations stay the one place
 * that says which variable backs which option, and {@code --help} shows the value in force. Booleans accept
 * what the kiosk's environment file uses: 1/0, true/false, yes/no, on/off.
 */
final class EnvDefaults implements CommandLine.IDefaultValueProvider {

    private static final Pattern ENV = Pattern.compile("^\\$\\{env:([A-Za-z_][A-Za-z0-9_]*)(?::-(.*))?}$");

    private final Map<String, String> env;

    EnvDefaults(Map<String, String> env) {
        this.env = Map.copyOf(env);
    }

    @Override
    public String defaultValue(ArgSpec arg) {
        String raw = annotatedDefault(arg);
        Matcher m = raw == null ? null : ENV.matcher(raw);
        if (m == null || !m.matches()) {
            return null;
        }
        String v = env.get(m.group(1));
        if (v == null || v.isBlank()) {
            v = m.group(2) == null ? "" : m.group(2);
        }
        v = v.strip();
        if (arg.type() == boolean.class || arg.type() == Boolean.class) {
            return String.valueOf(isOn(v));
        }
        return v;
    }

    /** The default as written in the annotation, before picocli interpolates it. */
    private static String annotatedDefault(ArgSpec arg) {
        if (!(arg.userObject() instanceof AnnotatedElement e)) {
            return null;
        }
        CommandLine.Option o = e.getAnnotation(CommandLine.Option.class);
        if (o != null) {
            return o.defaultValue();
        }
        CommandLine.Parameters p = e.getAnnotation(CommandLine.Parameters.class);
        return p != null ? p.defaultValue() : null;
    }

    static boolean isOn(String v) {
        return switch (v.strip().toLowerCase(Locale.ROOT)) {
            case "1", "true", "yes", "on" -> true;
            default -> false;
        };
    }
}
