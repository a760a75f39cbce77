/**
 * The user-facing layer's view of Ocelot's state: small, Atlassian-free ports that the REST resources, the pages and
 * the notifier use. The plugin core implements them over its Active Objects store with thin adapters;
 * tests implement them in memory. Everything here speaks the {@link io.ocelot.core.api} records.
 */
package io.ocelot.plugin.ui;
