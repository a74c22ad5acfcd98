package io.azmonrw.webhook;

import io.vertx.core.Vertx;

/** One Vert.x for plain unit tests of classes that take one for their timers (AdmissionService); it lives as long as the test JVM. */
public final class TestVertx {
    private static final Vertx SHARED = Vertx.vertx();

    private TestVertx() {}

    public static Vertx shared() {
        return SHARED;
    }
}
