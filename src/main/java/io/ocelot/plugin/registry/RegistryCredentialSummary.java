package io.ocelot.plugin.registry;

/** A registry credential as an admin may see it again: host, user name and when it was set; never the password. */
public record RegistryCredentialSummary(String host, String username, long setAt) {
}
