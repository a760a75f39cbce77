package io.ocelot.core.api;

/**
 * Whether Ocelot switches itself on for a repository when an ocelot.yml first appears there. {@code enabled} null on
 * a project means "as the global default says".
 */
public record AutoEnableView(Boolean enabled) {
}
