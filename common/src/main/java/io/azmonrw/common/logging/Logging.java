package io.azmonrw.common.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.encoder.LayoutWrappingEncoder;
import io.azmonrw.common.Contract.CommonEnv;
import java.util.Locale;
import java.util.Map;
import org.slf4j.LoggerFactory;
import org.slf4j.bridge.SLF4JBridgeHandler;

/** Sets up logging once at startup: SLF4J with logback, one line per event, text or JSON ({@code LOG_FORMAT}), Vert.x, Netty and JUL routed through it. */
public final class Logging {
    private Logging() {}

    /** Must run before the first Vert.x class logs, so it is the first thing {@code Main} does. */
    public static void configure(Map<String, String> env) {
        System.setProperty("vertx.logger-delegate-factory-class-name", "io.vertx.core.logging.SLF4JLogDelegateFactory");
        if (!SLF4JBridgeHandler.isInstalled()) {
            SLF4JBridgeHandler.removeHandlersForRootLogger();
            SLF4JBridgeHandler.install();
        }
        LogFormat format = "json"
                        .equalsIgnoreCase(
                                env.getOrDefault(CommonEnv.LOG_FORMAT, "").trim())
                ? LogFormat.JSON
                : LogFormat.TEXT;
        Level level = Level.toLevel(
                env.getOrDefault(CommonEnv.LOG_LEVEL, "INFO").trim().toUpperCase(Locale.ROOT), Level.INFO);
        if (LoggerFactory.getILoggerFactory() instanceof LoggerContext ctx) {
            install(ctx, format, level);
        }
    }

    /** One line per event on stdout at {@code level}, the chatty libraries quieter. */
    static void install(LoggerContext ctx, LogFormat format, Level level) {
        ctx.reset();
        LineLayout layout = new LineLayout();
        layout.format(format);
        layout.setContext(ctx);
        layout.start();
        LayoutWrappingEncoder<ILoggingEvent> encoder = new LayoutWrappingEncoder<>();
        encoder.setContext(ctx);
        encoder.setLayout(layout);
        encoder.start();
        ConsoleAppender<ILoggingEvent> console = new ConsoleAppender<>();
        console.setContext(ctx);
        console.setName("stdout");
        console.setEncoder(encoder);
        console.start();
        Logger root = ctx.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.setLevel(level);
        root.addAppender(console);
        // libraries that are chatty at INFO about things users cannot act on
        quiet(ctx, "io.netty", Level.WARN);
        // the proxy summarises identity failures into one line of its own (TokenFailures); their lines and stack traces
        // at DEBUG only
        quiet(ctx, "com.azure", Level.OFF);
        quiet(ctx, "com.microsoft.aad.msal4j", Level.OFF);
        quiet(ctx, "io.fabric8.kubernetes.client.informers", Level.WARN);
        // vertx-micrometer re-registers a connection gauge and Micrometer warns once about it
        quiet(ctx, "io.micrometer.core.instrument.MeterRegistry", Level.ERROR);
        quiet(ctx, "okhttp3.mockwebserver", Level.WARN);
    }

    private static void quiet(LoggerContext ctx, String name, Level atLeast) {
        Logger l = ctx.getLogger(name);
        int root = ctx.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).getLevel().toInt();
        if (atLeast == Level.OFF && root <= Level.DEBUG.toInt()) {
            return;
        }
        if (root < atLeast.toInt()) {
            l.setLevel(atLeast);
        }
    }
}
