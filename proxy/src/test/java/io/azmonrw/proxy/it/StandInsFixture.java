package io.azmonrw.proxy.it;

import io.azmonrw.testkit.StandIns;
import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/** Per test: a Vert.x and testkit's stand-ins (Entra, managed identity, HTTPS ingestion, CA) in a temporary folder. */
final class StandInsFixture implements BeforeEachCallback, AfterEachCallback {
    private Vertx vertx;
    private StandIns standIns;
    private Path dir;

    @Override
    public void beforeEach(ExtensionContext context) throws Exception {
        dir = Files.createTempDirectory("azmonrw-standins");
        vertx = Vertx.vertx();
        standIns = StandIns.start(vertx, dir)
                .toCompletionStage()
                .toCompletableFuture()
                .get(60, TimeUnit.SECONDS);
    }

    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        try {
            if (standIns != null) {
                standIns.close();
            }
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    StandIns standIns() {
        return standIns;
    }

    Vertx vertx() {
        return vertx;
    }

    /** The stand-ins' folder (CA files, token files). */
    Path dir() {
        return dir;
    }

    /** The proxy's env for these stand-ins, with no shutdown quiet period (tests stop at once). */
    Map<String, String> proxyEnv() {
        Map<String, String> env = new HashMap<>(standIns.proxyEnv());
        env.put("SHUTDOWN_QUIET_PERIOD", "0s");
        return env;
    }
}
