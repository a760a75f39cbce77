package io.ocelot.plugin.testkit;

import io.ocelot.plugin.ui.RepoPermission;
import io.ocelot.plugin.ui.RepositoryName;
import io.ocelot.plugin.ui.UserPermissions;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Bitbucket's users and grants in memory: personal access tokens → users, users → repository permission (each level
 * implies the lower ones, as in Bitbucket), project admins, global admins. The current user is per request thread,
 * set by the test servers' authentication filter from {@code Authorization: Bearer}.
 */
public final class InMemoryUserPermissions implements UserPermissions {
    private final Map<String, String> tokens = new ConcurrentHashMap<>();
    private final Map<String, Map<RepositoryName, RepoPermission>> grants = new ConcurrentHashMap<>();
    private final Set<String> admins = ConcurrentHashMap.newKeySet();
    private final Map<String, Set<String>> projectAdmins = new ConcurrentHashMap<>();
    private final ThreadLocal<String> current = new ThreadLocal<>();

    public InMemoryUserPermissions user(String name, String token) {
        tokens.put(token, name);
        grants.putIfAbsent(name, new HashMap<>());
        return this;
    }

    public InMemoryUserPermissions grant(String user, RepositoryName repo, RepoPermission permission) {
        grants.computeIfAbsent(user, u -> new HashMap<>()).put(repo, permission);
        return this;
    }

    public InMemoryUserPermissions admin(String user) {
        admins.add(user);
        return this;
    }

    public InMemoryUserPermissions projectAdmin(String user, String projectKey) {
        projectAdmins.computeIfAbsent(user, u -> new HashSet<>()).add(projectKey);
        return this;
    }

    /** Resolves a bearer token the way Bitbucket resolves a personal access token; unknown → anonymous. */
    public Optional<String> userForToken(String token) {
        return Optional.ofNullable(token == null ? null : tokens.get(token));
    }

    public void runAs(String user) {
        if (user == null) {
            current.remove();
        } else {
            current.set(user);
        }
    }

    @Override
    public Optional<String> currentUser() {
        return Optional.ofNullable(current.get());
    }

    @Override
    public boolean hasRepositoryPermission(RepositoryName repository, RepoPermission permission) {
        String user = current.get();
        return user != null && permits(user, repository, permission);
    }

    @Override
    public boolean isProjectAdmin(String projectKey) {
        String user = current.get();
        return user != null && isProjectAdmin(user, projectKey);
    }

    @Override
    public boolean isAdmin() {
        String user = current.get();
        return user != null && isAdmin(user);
    }

    /** What {@code user} holds on {@code repository} (the grants, plus admins holding every permission). */
    public boolean permits(String user, RepositoryName repository, RepoPermission permission) {
        if (isProjectAdmin(user, repository.projectKey())) {
            return true; // admins hold every repository permission, as in Bitbucket
        }
        RepoPermission held = grants.getOrDefault(user, Map.of()).get(repository);
        return held != null && held.ordinal() >= permission.ordinal();
    }

    /** PROJECT_ADMIN on {@code projectKey}, or global ADMIN. */
    public boolean isProjectAdmin(String user, String projectKey) {
        return isAdmin(user) || projectAdmins.getOrDefault(user, Set.of()).contains(projectKey);
    }

    public boolean isAdmin(String user) {
        return admins.contains(user);
    }

    /** Whether {@code user} holds any grant in {@code projectKey} (what lets Bitbucket show the project). */
    public boolean seesProject(String user, String projectKey) {
        return isProjectAdmin(user, projectKey) || grants.getOrDefault(user, Map.of()).keySet().stream()
                .anyMatch(r -> r.projectKey().equals(projectKey));
    }
}
