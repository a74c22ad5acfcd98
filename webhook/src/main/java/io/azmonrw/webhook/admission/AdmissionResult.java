package io.azmonrw.webhook.admission;

import io.vertx.core.json.JsonObject;

/**
 * One answered admission: {@code review} is the AdmissionReview JSON to send back; {@code reason} is a short
 * metric label (not_selected, opted_out, already_injected, manual_sidecar, host_network, excluded_namespace,
 * no_client_id, no_ingestion_url, api_error, api_timeout, not_a_pod_create, injected).
 */
public record AdmissionResult(JsonObject review, Outcome outcome, String reason) {}
