package io.azmonrw.webhook.admission;

import io.azmonrw.common.http.HttpError;
import io.azmonrw.webhook.WebhookConfig;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;

/** Answers AdmissionReviews: parses, selects, looks the identity up (bounded), mutates, diffs and builds the response. */
public final class AdmissionService {
    private final WebhookConfig config;
    private final ClusterLookup lookup;
    private final AdmissionEvents events;

    public AdmissionService(WebhookConfig config, ClusterLookup lookup, AdmissionEvents events) {
        this.config = config;
        this.lookup = lookup;
        this.events = events;
    }

    /** Parses an AdmissionReview body; fails with an HttpError(400) on bad input; never hangs. */
    public Future<AdmissionResult> review(Buffer body) {
        // placeholder until the implementation lands; the signature is the contract
        return Future.failedFuture(new HttpError(503, "not_implemented", "admission not implemented yet "
                + config.webhookPort() + lookup + events + body.length()));
    }
}
