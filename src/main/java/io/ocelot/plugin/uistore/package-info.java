/**
 * The user-facing ports ({@link io.ocelot.plugin.ui}) implemented over the plugin core: the AO stores, the trigger
 * service and the canceller. Thin adapters, one reason to change each; the mapping from stored builds to the
 * {@link io.ocelot.core.api} records lives in {@link io.ocelot.plugin.build.BuildViews} only.
 *
 * <p>Two repository reference types meet here on purpose: {@link io.ocelot.plugin.ui.RepositoryName} is a repository
 * by NAME, as users type it and URLs carry it (it can be renamed, and may not exist); the core's
 * {@link io.ocelot.plugin.repo.RepositoryRef} is a repository by its stable Bitbucket id, which is what the store
 * keeps. {@link io.ocelot.plugin.uistore.RepositoryNames} is the one place that turns the first into the second.
 */
package io.ocelot.plugin.uistore;
