package io.azmonrw.common.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LineLayoutTest {
    private static LoggingEvent event(String message, Throwable t) {
        LoggerContext ctx = new LoggerContext();
        LoggingEvent e =
                new LoggingEvent("x", ctx.getLogger("io.azmonrw.proxy.Forwarder"), Level.WARN, message, t, null);
        e.setMDCPropertyMap(Map.of("cluster", "aks-1"));
        return e;
    }

    @Test
    void jsonFormatWritesOneParseableLinePerEventWithTheException() {
        LineLayout layout = new LineLayout();
        layout.format(LogFormat.JSON);
        String line = layout.doLayout(event(
                "upstream said \"no\"\nsecond line",
                new IllegalStateException("bad\nthing", new RuntimeException("root"))));
        assertThat(line).endsWith("\n");
        assertThat(line.substring(0, line.length() - 1)).doesNotContain("\n");
        JsonObject json = new JsonObject(line);
        assertThat(json.getString("level")).isEqualTo("WARN");
        assertThat(json.getString("logger")).isEqualTo("io.azmonrw.proxy.Forwarder");
        assertThat(json.getString("msg")).isEqualTo("upstream said \"no\"\nsecond line");
        assertThat(json.getString("cluster")).isEqualTo("aks-1");
        assertThat(json.getString("exception"))
                .contains("java.lang.IllegalStateException: bad thing", "caused by java.lang.RuntimeException: root");
    }

    @Test
    void textFormatIsOneLineWithMdcAndException() {
        LineLayout layout = new LineLayout();
        String line = layout.doLayout(event("first\nsecond", new IllegalArgumentException("oops")));
        assertThat(line.substring(0, line.length() - 1)).doesNotContain("\n");
        assertThat(line)
                .contains(
                        " WARN  Forwarder - first second cluster=aks-1 exception=\"java.lang.IllegalArgumentException: oops");
    }

    @Test
    void configureSelectsJsonFromTheEnvironment() {
        Logging.configure(Map.of("LOG_FORMAT", "json"));
        LoggerContext ctx = (LoggerContext) org.slf4j.LoggerFactory.getILoggerFactory();
        var appender = ctx.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).getAppender("stdout");
        var encoder = (ch.qos.logback.core.encoder.LayoutWrappingEncoder<?>)
                ((ch.qos.logback.core.ConsoleAppender<?>) appender).getEncoder();
        assertThat(((LineLayout) encoder.getLayout()).format()).isEqualTo(LogFormat.JSON);
        Logging.configure(Map.of());
        var encoder2 = (ch.qos.logback.core.encoder.LayoutWrappingEncoder<?>) ((ch.qos.logback.core.ConsoleAppender<?>)
                        ctx.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).getAppender("stdout"))
                .getEncoder();
        assertThat(((LineLayout) encoder2.getLayout()).format()).isEqualTo(LogFormat.TEXT);
        assertThat(System.getProperty("vertx.logger-delegate-factory-class-name"))
                .isEqualTo("io.vertx.core.logging.SLF4JLogDelegateFactory");
    }
}
