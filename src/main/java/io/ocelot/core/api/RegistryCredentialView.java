package io.ocelot.core.api;

/**
 * A container registry credential as an admin sees it again: the registry host and user name, never the password or
 * token. {@code setAt} epoch ms.
 */
public record RegistryCredentialView(String host, String username, Long setAt) {
}
