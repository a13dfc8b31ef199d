package io.outpost.common.logging;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Map.Entry;

/**
 * Puts {@link LogSettings} into force in slf4j-simple, the binding of every Outpost process. It is
 * configured by system properties, read when it initializes and when each logger is made; a class
 * may make its logger while gateway.yaml is still being read (Netty's transports do), so after the
 * properties are set the binding's configuration is read again and the loggers already made get
 * their level anew. Without slf4j-simple (a test's binding) only the properties are set.
 */
public final class LogSetup {
    static final String PREFIX = "org.slf4j.simpleLogger.";
    static final String ISO_8601 = "yyyy-MM-dd'T'HH:mm:ss.SSSXXX";
    /** Level properties this class set last time, cleared before the next settings (a reload, a test's second run). */
    private static final List<String> SET = new ArrayList<>();

    private LogSetup() {}

    /** Applies {@code settings} for a process with environment {@code env}; returns whether loggers already made were updated. */
    public static synchronized boolean apply(LogSettings settings, Map<String, String> env) {
        SET.forEach(System::clearProperty);
        SET.clear();
        set(PREFIX + "logFile", "System.err");
        set(PREFIX + "defaultLogLevel", settings.level().configName());
        set(PREFIX + "showDateTime", Boolean.toString(settings.timestamps().shown(env)));
        set(PREFIX + "dateTimeFormat", ISO_8601);
        if (settings.accessLog()) {
            set(PREFIX + "log." + AccessLogNames.LOGGER, "info"); // on even when the general level is warn; an area may still say otherwise
        }
        for (Entry<String, LogSettings.Level> area : settings.areas().entrySet()) {
            for (String prefix : LogAreas.prefixes(area.getKey())) {
                set(PREFIX + "log." + prefix, area.getValue().configName());
            }
        }
        return reread();
    }

    private static void set(String key, String value) {
        System.setProperty(key, value);
        SET.add(key);
    }

    /** slf4j-simple's own package-private hooks: re-read the configuration, then each existing logger's level. */
    private static boolean reread() {
        try {
            Class<?> simple = Class.forName("org.slf4j.simple.SimpleLogger");
            Method init = simple.getDeclaredMethod("init");
            init.setAccessible(true);
            init.invoke(null);
            Object factory = org.slf4j.LoggerFactory.getILoggerFactory();
            Field map = factory.getClass().getDeclaredField("loggerMap");
            map.setAccessible(true);
            Method compute = simple.getDeclaredMethod("recursivelyComputeLevelString");
            compute.setAccessible(true);
            Field current = simple.getDeclaredField("currentLogLevel");
            current.setAccessible(true);
            Class<?> configClass = Class.forName("org.slf4j.simple.SimpleLoggerConfiguration");
            Method toLevel = configClass.getDeclaredMethod("stringToLevel", String.class);
            toLevel.setAccessible(true);
            Field config = simple.getDeclaredField("CONFIG_PARAMS");
            config.setAccessible(true);
            Field defaultLevel = configClass.getDeclaredField("defaultLogLevel");
            defaultLevel.setAccessible(true);
            int dflt = defaultLevel.getInt(config.get(null));
            for (Object logger : ((Map<?, ?>) map.get(factory)).values()) {
                if (simple.isInstance(logger)) {
                    String level = (String) compute.invoke(logger);
                    current.setInt(logger, level == null ? dflt : (int) toLevel.invoke(null, level));
                }
            }
            return true;
        } catch (ReflectiveOperationException | RuntimeException e) {
            // Another binding, or a slf4j-simple without these hooks: loggers made from now on follow the settings.
            return false;
        }
    }
}
