package io.ocelot.core.api;

/**
 * The outcome of one notification of a build (Slack or webhook), shown on the build page so a broken hook is seen.
 * {@code target}: "slack:#channel" / "webhook:host"; never a full URL (webhook URLs carry tokens).
 */
public record NotificationView(String target, boolean delivered, int attempts, String message, long atEpochMillis) {
}
