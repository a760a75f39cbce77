package io.ocelot.core.api;

/**
 * The clone credential as an admin sees it again: never the secret. {@code set} false: werkers clone anonymously.
 * {@code kind} "http" or "ssh"; {@code username} for http; {@code setAt} epoch ms; {@code urlTemplate} null: Bitbucket's
 * own HTTP clone URL.
 */
public record CloneCredentialView(boolean set, String kind, String username, Long setAt, String urlTemplate) {
}
