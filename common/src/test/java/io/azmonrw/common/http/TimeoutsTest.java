package io.azmonrw.common.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClosedException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.http.HttpConnectTimeoutException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

class TimeoutsTest {

    @Test
    void aVertxFutureTimeoutIsATimeoutAlsoWhenWrapped() {
        Vertx vertx = Vertx.vertx();
        try {
            Promise<Void> never = Promise.promise();
            Throwable cause = never.future()
                    .timeout(20, TimeUnit.MILLISECONDS)
                    .transform(ar -> Future.succeededFuture(ar.cause()))
                    .await();
            assertThat(cause).isInstanceOf(TimeoutException.class);
            assertThat(Timeouts.isTimeout(cause)).isTrue();
            assertThat(Timeouts.isTimeout(
                            new CompletionException(new IllegalStateException("reading x failed", cause))))
                    .isTrue();
        } finally {
            vertx.close().await();
        }
    }

    @Test
    void theTimeoutTypesOfNettyTheJdkClientAndSocketsAreTimeouts() {
        assertThat(Timeouts.isTimeout(
                        new io.netty.channel.ConnectTimeoutException("connection timed out after 10 ms: /127.0.0.1:9")))
                .isTrue();
        assertThat(Timeouts.isTimeout(
                        new RuntimeException("wrapped", new HttpConnectTimeoutException("HTTP connect timed out"))))
                .isTrue();
        assertThat(Timeouts.isTimeout(new SocketTimeoutException("Read timed out")))
                .isTrue();
    }

    @Test
    void messagesAndClassNamesThatSpeakOfTimeoutsDoNotMakeOne() {
        assertThat(Timeouts.isTimeout(new IOException("read timeout"))).isFalse();
        assertThat(Timeouts.isTimeout(new IllegalStateException(
                        "Kubernetes API call timed out", new ConnectException("Connection refused"))))
                .isFalse();
        assertThat(Timeouts.isTimeout(new HttpClosedException("Connection was closed")))
                .isFalse();
        assertThat(Timeouts.isTimeout(new InvalidTimeoutSetting())).isFalse();
        assertThat(Timeouts.isTimeout(null)).isFalse();
    }

    @Test
    void aCycleInTheCauseChainEnds() {
        RuntimeException a = new RuntimeException("a");
        RuntimeException b = new RuntimeException("b", a);
        a.initCause(b);
        assertThat(Timeouts.isTimeout(b)).isFalse();
    }

    /** The old classifier took any class whose name held "Timeout" for a timeout. */
    private static final class InvalidTimeoutSetting extends RuntimeException {
        private static final long serialVersionUID = 1L;
    }
}
