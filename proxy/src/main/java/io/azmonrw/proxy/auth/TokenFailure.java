package io.azmonrw.proxy.auth;

/**
 * Why a token fetch failed, as one actionable line.
 *
 * @param reason the metric label: {@code AADSTS70021}, or a short cause such as {@code unreachable}
 * @param line what happened, where, for which client, and the fix; never a secret or a token
 */
public record TokenFailure(String reason, String line) {}
