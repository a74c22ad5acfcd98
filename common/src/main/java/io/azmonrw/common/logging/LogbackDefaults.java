package io.azmonrw.common.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.core.spi.ContextAwareBase;

/**
 * Logback's configuration until {@link Logging#configure} runs (and in tests that do not call it): the same one line
 * per event, set in code through logback's Configurator service instead of a logback.xml. Parsing the XML took about
 * 0.4 s of the proxy's start and 700 classes (Joran, the JDK's XML parser) it never used again. A logback-test.xml on
 * the class path or {@code -Dlogback.configurationFile} still wins: then this steps aside.
 */
public final class LogbackDefaults extends ContextAwareBase implements Configurator {
    @Override
    public ExecutionStatus configure(LoggerContext ctx) {
        if (System.getProperty("logback.configurationFile") != null
                || LogbackDefaults.class.getClassLoader().getResource("logback-test.xml") != null) {
            return ExecutionStatus.INVOKE_NEXT_IF_ANY;
        }
        Logging.install(ctx, LogFormat.TEXT, Level.INFO);
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }
}
