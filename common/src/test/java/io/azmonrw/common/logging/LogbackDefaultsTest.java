package io.azmonrw.common.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.util.ContextInitializer;
import ch.qos.logback.core.ConsoleAppender;
import org.junit.jupiter.api.Test;

class LogbackDefaultsTest {
    @Test
    void logbacksOwnStartupFindsTheDefaultsThroughItsServiceFile() throws Exception {
        LoggerContext ctx = new LoggerContext();
        new ContextInitializer(ctx).autoConfig();
        ch.qos.logback.classic.Logger root = ctx.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        // logback's own fallback (BasicConfigurator) would name its appender "console" and quiet nothing
        assertThat(root.getAppender("stdout")).isInstanceOf(ConsoleAppender.class);
        assertThat(root.getLevel()).isEqualTo(Level.INFO);
        assertThat(ctx.getLogger("com.azure").getLevel()).isEqualTo(Level.OFF);
        assertThat(ctx.getLogger("io.netty").getLevel()).isEqualTo(Level.WARN);
        ctx.stop();
    }
}
