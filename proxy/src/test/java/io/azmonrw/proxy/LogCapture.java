package io.azmonrw.proxy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.LoggerFactory;

/** Collects every log event of this JVM while open; can lower chosen loggers' levels for the duration. */
public final class LogCapture implements AutoCloseable {
    private final LoggerContext ctx = (LoggerContext) LoggerFactory.getILoggerFactory();
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();
    /** The levels to restore; a null value means inherited. */
    private final Map<String, Level> saved = new HashMap<>();

    public LogCapture() {
        appender.setContext(ctx);
        appender.start();
        ctx.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).addAppender(appender);
    }

    /** Sets {@code logger} to {@code level} until {@link #close()}. */
    public LogCapture level(String logger, Level level) {
        Logger l = ctx.getLogger(logger);
        if (!saved.containsKey(logger)) {
            saved.put(logger, l.getLevel());
        }
        l.setLevel(level);
        return this;
    }

    public List<ILoggingEvent> events() {
        synchronized (appender) {
            return List.copyOf(appender.list);
        }
    }

    /** Events at {@code level} or above. */
    public List<ILoggingEvent> atLeast(Level level) {
        return events().stream()
                .filter(e -> e.getLevel().isGreaterOrEqual(level))
                .toList();
    }

    @Override
    public void close() {
        ctx.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).detachAppender(appender);
        saved.forEach((name, level) -> ctx.getLogger(name).setLevel(level));
    }
}
