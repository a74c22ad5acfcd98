package io.azmonrw.common.logging;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.StackTraceElementProxy;
import ch.qos.logback.core.LayoutBase;
import java.time.Instant;
import java.util.Map;

/** One line per event, as plain text or as a JSON object; exceptions are folded into the same line. */
public final class LineLayout extends LayoutBase<ILoggingEvent> {
    private static final int MAX_FRAMES = 12;

    private LogFormat format = LogFormat.TEXT;

    public void setFormat(String format) {
        this.format = LogFormat.valueOf(format.toUpperCase(java.util.Locale.ROOT));
    }

    public LogFormat format() {
        return format;
    }

    public void format(LogFormat format) {
        this.format = format;
    }

    @Override
    public String doLayout(ILoggingEvent e) {
        return format == LogFormat.JSON ? json(e) : text(e);
    }

    private static String text(ILoggingEvent e) {
        StringBuilder sb = new StringBuilder(160);
        sb.append(Instant.ofEpochMilli(e.getTimeStamp()))
                .append(' ')
                .append(String.format("%-5s", e.getLevel()))
                .append(' ')
                .append(shortLogger(e.getLoggerName()))
                .append(" - ")
                .append(flatten(e.getFormattedMessage()));
        for (Map.Entry<String, String> m : e.getMDCPropertyMap().entrySet()) {
            sb.append(' ').append(m.getKey()).append('=').append(flatten(m.getValue()));
        }
        if (e.getThrowableProxy() != null) {
            sb.append(" exception=\"").append(throwable(e.getThrowableProxy())).append('"');
        }
        return sb.append('\n').toString();
    }

    private static String json(ILoggingEvent e) {
        StringBuilder sb = new StringBuilder(200);
        sb.append("{\"ts\":\"").append(Instant.ofEpochMilli(e.getTimeStamp())).append('"');
        field(sb, "level", e.getLevel().toString());
        field(sb, "logger", e.getLoggerName());
        field(sb, "thread", e.getThreadName());
        field(sb, "msg", e.getFormattedMessage());
        for (Map.Entry<String, String> m : e.getMDCPropertyMap().entrySet()) {
            field(sb, m.getKey(), m.getValue());
        }
        if (e.getThrowableProxy() != null) {
            field(sb, "exception", throwable(e.getThrowableProxy()));
        }
        return sb.append("}\n").toString();
    }

    private static void field(StringBuilder sb, String key, String value) {
        sb.append(",\"");
        escape(sb, key);
        sb.append("\":\"");
        escape(sb, value == null ? "" : value);
        sb.append('"');
    }

    static void escape(StringBuilder sb, String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
    }

    private static String throwable(IThrowableProxy t) {
        StringBuilder sb = new StringBuilder();
        IThrowableProxy cur = t;
        int depth = 0;
        while (cur != null && depth < 5) {
            if (depth > 0) {
                sb.append(" | caused by ");
            }
            sb.append(cur.getClassName()).append(": ").append(flatten(cur.getMessage()));
            StackTraceElementProxy[] frames = cur.getStackTraceElementProxyArray();
            for (int i = 0; i < Math.min(frames.length, MAX_FRAMES); i++) {
                sb.append(" at ").append(frames[i].getStackTraceElement());
            }
            cur = cur.getCause();
            depth++;
        }
        return sb.toString().replace('"', '\'');
    }

    private static String flatten(String s) {
        if (s == null) {
            return "";
        }
        return s.indexOf('\n') < 0 && s.indexOf('\r') < 0
                ? s
                : s.replace("\r", "").replace('\n', ' ');
    }

    private static String shortLogger(String name) {
        int dot = name.lastIndexOf('.');
        return dot < 0 ? name : name.substring(dot + 1);
    }
}
