/**
 * The user REST API's JSON shapes ({@code /rest/ocelot/1.0/...}), shared by the plugin's resources and the
 * {@code ocelot} command line so the two can never disagree on a field. Records only, encoded by
 * {@link io.ocelot.core.Json}; no HTTP or Atlassian type here ({@code CoreIsolationTest}).
 */
package io.ocelot.core.api;
