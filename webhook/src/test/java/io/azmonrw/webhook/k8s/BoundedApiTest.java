package io.azmonrw.webhook.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

class BoundedApiTest {

    @Test
    void aHangingCallFailsWithATimeoutAfterTheBound() throws Exception {
        Vertx vertx = Vertx.vertx();
        CountDownLatch never = new CountDownLatch(1);
        try {
            WorkerExecutor worker = vertx.createSharedWorkerExecutor("bounded-api-test", 2);
            BoundedApi api = new BoundedApi(worker, Duration.ofMillis(100));
            Throwable failure = api.call(() -> {
                        never.await();
                        return "late";
                    })
                    .transform(ar -> io.vertx.core.Future.succeededFuture(ar.cause()))
                    .await();
            assertThat(failure).isInstanceOf(TimeoutException.class).hasMessageContaining("350 ms");
            assertThat(api.call(() -> "fast").await()).isEqualTo("fast");
        } finally {
            never.countDown();
            vertx.close().await();
        }
    }
}
