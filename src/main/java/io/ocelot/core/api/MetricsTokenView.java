package io.ocelot.core.api;

/**
 * The metrics token as admins see it: whether one is set and since when (epoch ms); {@code token} only in the
 * answer that made it (it is stored hashed and never shown again).
 */
public record MetricsTokenView(boolean set, Long setAt, String token) {
}
