package io.azmonrw.webhook.cli;

import io.azmonrw.common.Contract.Keys;
import io.azmonrw.webhook.selection.Selection;

/** One line per skipped workload, saying why and what would change it. */
final class SkipReasons {
    private SkipReasons() {}

    static String why(Selection.Decision d) {
        return switch (d.verdict()) {
            case NOT_SELECTED ->
                "not a Prometheus pod template (its labels do not match " + Keys.DEFAULT_PROMETHEUS_POD_SELECTOR
                        + "); annotate it with " + Keys.INJECT + ": \"true\" or pass --all to inject it";
            case OPTED_OUT -> "opted out (" + Keys.INJECT + ": \"false\")";
            case ALREADY_INJECTED -> "already injected (annotation " + Keys.STATUS + ")";
            default ->
                d.warning()
                        .map(w -> w.replaceFirst("^azmon-rw: ", ""))
                        .orElse(d.verdict().reason());
        };
    }
}
