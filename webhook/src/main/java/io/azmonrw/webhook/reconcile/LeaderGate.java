package io.azmonrw.webhook.reconcile;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderElectionConfigBuilder;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.LeaseLock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Leader election on a {@code coordination.k8s.io} Lease in the webhook's namespace (fabric8's LeaderElector):
 * only the replica holding the Lease reconciles. After losing the Lease it campaigns again, and on stop it
 * releases the Lease so that another replica takes over at once rather than after the lease duration.
 */
public final class LeaderGate implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LeaderGate.class);
    public static final String LEASE_NAME = "azmon-rw-webhook-reconciler";

    /** Lease timings; {@link #DEFAULT} are Kubernetes' own controllers' (15 s, 10 s, 2 s). */
    public record Timings(Duration leaseDuration, Duration renewDeadline, Duration retryPeriod) {
        public static final Timings DEFAULT =
                new Timings(Duration.ofSeconds(15), Duration.ofSeconds(10), Duration.ofSeconds(2));
    }

    private final KubernetesClient client;
    private final String namespace;
    private final String identity;
    private final Timings timings;
    private final Consumer<Boolean> onLeading;
    private final ScheduledExecutorService restarts = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "azmon-rw-leader-election");
        t.setDaemon(true);
        return t;
    });
    private volatile boolean closed;
    private volatile boolean leading;
    private volatile CompletableFuture<?> running;

    /** @param onLeading called with true when this replica becomes leader and false when it stops being one */
    public LeaderGate(
            KubernetesClient client, String namespace, String identity, Timings timings, Consumer<Boolean> onLeading) {
        this.client = client;
        this.namespace = namespace;
        this.identity = identity;
        this.timings = timings;
        this.onLeading = onLeading;
    }

    public void start() {
        restarts.execute(this::campaign);
    }

    public boolean leading() {
        return leading;
    }

    private void campaign() {
        if (closed) {
            return;
        }
        var config = new LeaderElectionConfigBuilder()
                .withName(LEASE_NAME)
                .withLock(new LeaseLock(namespace, LEASE_NAME, identity))
                .withLeaseDuration(timings.leaseDuration())
                .withRenewDeadline(timings.renewDeadline())
                .withRetryPeriod(timings.retryPeriod())
                .withReleaseOnCancel(true)
                .withLeaderCallbacks(new LeaderCallbacks(
                        () -> set(true), () -> set(false), leader -> LOG.info("reconciler leader is now {}", leader)))
                .build();
        CompletableFuture<?> f =
                client.leaderElector().withConfig(config).build().start();
        running = f;
        // a lost Lease ends the elector: campaign again (unless we are stopping)
        f.whenComplete((ok, e) -> {
            set(false);
            if (!closed) {
                restarts.schedule(this::campaign, timings.retryPeriod().toMillis(), TimeUnit.MILLISECONDS);
            }
        });
    }

    private synchronized void set(boolean now) {
        if (leading != now) {
            leading = now;
            LOG.info(
                    "{} {} the reconciler Lease {}/{}",
                    identity,
                    now ? "holds" : "no longer holds",
                    namespace,
                    LEASE_NAME);
            onLeading.accept(now);
        }
    }

    @Override
    public void close() {
        closed = true;
        CompletableFuture<?> f = running;
        if (f != null) {
            f.cancel(true);
        }
        restarts.shutdownNow();
        set(false);
    }
}
