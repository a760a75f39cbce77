package io.ocelot.werker.agent;

import io.ocelot.core.plan.ResourceLimits;
import io.ocelot.core.protocol.Protocol;
import io.ocelot.werker.agent.spool.SpoolDelivery;
import io.ocelot.werker.engine.shell.StageUser;

import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Everything {@code ocelot werker start} is told, validated. Built by {@link Builder} from the environment and then
 * the flags (a flag wins over its variable). {@link #toString()} never shows the token or the registration secret.
 */
public record AgentConfig(URI server,
                          String token,
                          String registrationSecret,
                          String name,
                          List<String> labels,
                          int maxBuilds,
                          Path workDir,
                          String dockerHost,
                          Duration grace,
                          Duration drainTimeout,
                          int metricsPort,
                          long diskFloorBytes,
                          Duration gcInterval,
                          Duration pruneImagesAfter,
                          Timings timings,
                          StageUser stageUser,
                          ResourceLimits buildLimits,
                          long imageBudgetBytes,
                          Path cacheDir,
                          long cacheMaxBytes,
                          int parallelStages,
                          boolean readyContainer) {

    public static final String ENV_SERVER = "OCELOT_SERVER";
    public static final String ENV_TOKEN = "OCELOT_WERKER_TOKEN";
    public static final String ENV_REGISTRATION_SECRET = "OCELOT_REGISTRATION_SECRET";
    /** Who host-shell stages of a werker running as root run as, when {@code --stage-user} is not given. */
    public static final String DEFAULT_STAGE_USER = "ocelot-stage";

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,62}");
    private static final Pattern LABEL = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:/-]{0,62}");

    public AgentConfig {
        labels = List.copyOf(labels);
    }

    /** The spool of undelivered build events: {@code <work dir>/spool/<build id>/}. */
    public Path spoolDir() {
        return workDir.resolve("spool");
    }

    /** The images this werker pulled, for garbage collection (see {@code ImageLedger}). */
    public Path imageLedger() {
        return workDir.resolve("pulled-images.json");
    }

    /** Where the engine makes build workspaces. */
    public Path buildsDir() {
        return workDir.resolve("builds");
    }

    /** The plugin's werker API: the Bitbucket base URL + {@link Protocol#BASE_PATH}. */
    public URI apiBase() {
        return URI.create(server.toString() + Protocol.BASE_PATH);
    }

    @Override
    public String toString() {
        return "AgentConfig[server=" + server + ", token=" + (token == null ? "none" : "****")
                + ", registrationSecret=" + (registrationSecret == null ? "none" : "****") + ", name=" + name
                + ", labels=" + labels + ", maxBuilds=" + maxBuilds + ", parallelStages=" + parallelStages + ", workDir=" + workDir + ", dockerHost="
                + dockerHost + ", grace=" + grace + ", drainTimeout=" + drainTimeout + ", metricsPort=" + metricsPort
                + ", diskFloor=" + Units.formatBytes(diskFloorBytes) + ", stageUser=" + stageUser + ", cacheDir=" + cacheDir
                + ", cacheMaxBytes=" + Units.formatBytes(cacheMaxBytes) + "]";
    }

    /**
     * The intervals of the agent's loops. The defaults follow the protocol; tests shrink them so a suite that covers
     * outages and retries runs in seconds.
     */
    public record Timings(Duration heartbeatInterval,
                          Duration connectTimeout,
                          Duration callTimeout,
                          Duration pollTimeout,
                          Duration backoffInitial,
                          Duration backoffMax,
                          Duration logFlushInterval,
                          Duration diskCheckInterval,
                          Duration unreachableHealthAfter,
                          Duration deliveryTimeout) {
        public static Timings standard() {
            return new Timings(Duration.ofSeconds(Protocol.HEARTBEAT_SECONDS),
                    Duration.ofSeconds(5),
                    Duration.ofSeconds(15),
                    Duration.ofSeconds(Protocol.POLL_HOLD_SECONDS + 10),
                    Duration.ofMillis(500),
                    Duration.ofSeconds(30),
                    Duration.ofMillis(200),
                    Duration.ofSeconds(30),
                    Duration.ofSeconds(60),
                    Duration.ofSeconds(60));
        }

        /** What a build's spool delivery needs of these. */
        public SpoolDelivery.Pace deliveryPace() {
            return new SpoolDelivery.Pace(logFlushInterval, backoffInitial, backoffMax);
        }
    }

    /** Collects settings from the environment and flags; {@link #build()} validates them all and reports every problem at once. */
    public static final class Builder {
        private String server;
        private String token;
        private String registrationSecret;
        private String name;
        private List<String> labels = List.of();
        private int maxBuilds = 1;
        private int parallelStages = io.ocelot.werker.engine.EngineConfig.DEFAULT_PARALLEL_STAGES;
        private boolean readyContainer = true;
        private Path workDir = Path.of(System.getProperty("user.home"), ".ocelot", "werker");
        private String dockerHost;
        private String grace = "10s";
        private String drainTimeout = "10m";
        private int metricsPort = 0;
        private String diskFloor = "2GiB";
        private String gcInterval = "10m";
        private String pruneImagesAfter = "7d";
        private Timings timings = Timings.standard();
        private String stageUser;
        private final BuildLimitFlags limitFlags = new BuildLimitFlags();
        private Path cacheDir;
        private String cacheMaxBytes = "10GiB";

        /** Reads {@value #ENV_SERVER}, {@value #ENV_TOKEN} and {@value #ENV_REGISTRATION_SECRET}. */
        public Builder environment(Map<String, String> env) {
            server = blankToNull(env.get(ENV_SERVER));
            token = blankToNull(env.get(ENV_TOKEN));
            registrationSecret = blankToNull(env.get(ENV_REGISTRATION_SECRET));
            return this;
        }

        public Builder server(String v) { if (v != null) server = v; return this; }
        public Builder token(String v) { if (v != null) token = blankToNull(v); return this; }
        public Builder registrationSecret(String v) { if (v != null) registrationSecret = blankToNull(v); return this; }
        public Builder name(String v) { if (v != null) name = v; return this; }
        public Builder labels(List<String> v) { if (v != null) labels = v; return this; }
        public Builder maxBuilds(Integer v) { if (v != null) maxBuilds = v; return this; }
        public Builder parallelStages(Integer v) { if (v != null) parallelStages = v; return this; }
        /** Keep a build container ready between builds (default on; see ReadyContainers). */
        public Builder readyContainer(Boolean v) { if (v != null) readyContainer = v; return this; }
        public Builder workDir(Path v) { if (v != null) workDir = v; return this; }
        public Builder dockerHost(String v) { if (v != null) dockerHost = v; return this; }
        public Builder grace(String v) { if (v != null) grace = v; return this; }
        public Builder drainTimeout(String v) { if (v != null) drainTimeout = v; return this; }
        public Builder metricsPort(Integer v) { if (v != null) metricsPort = v; return this; }
        public Builder diskFloor(String v) { if (v != null) diskFloor = v; return this; }
        public Builder gcInterval(String v) { if (v != null) gcInterval = v; return this; }
        public Builder pruneImagesAfter(String v) { if (v != null) pruneImagesAfter = v; return this; }
        public Builder timings(Timings v) { if (v != null) timings = v; return this; }
        public Builder stageUser(String v) { if (v != null) stageUser = blankToNull(v); return this; }
        public Builder buildMemory(String v) { if (v != null) limitFlags.memory = v; return this; }
        public Builder buildCpus(String v) { if (v != null) limitFlags.cpus = v; return this; }
        public Builder buildPids(String v) { if (v != null) limitFlags.pids = v; return this; }
        public Builder buildDisk(String v) { if (v != null) limitFlags.disk = v; return this; }
        public Builder imageBudget(String v) { if (v != null) limitFlags.imageBudget = v; return this; }
        public Builder cacheDir(Path v) { if (v != null) cacheDir = v; return this; }
        public Builder cacheMaxBytes(String v) { if (v != null) cacheMaxBytes = v; return this; }

        public AgentConfig build() throws ConfigException {
            List<String> problems = new ArrayList<>();
            URI serverUri = parseServer(problems);
            String werkerName = name != null ? name : defaultName();
            if (werkerName == null || !NAME.matcher(werkerName).matches()) {
                problems.add("--name: '" + werkerName + "' is not a werker name (letters, digits, '.', '_', '-'; at most 63)");
            }
            List<String> cleanLabels = new ArrayList<>();
            for (String l : labels) {
                String label = l.trim();
                if (label.isEmpty()) {
                    continue;
                }
                if (!LABEL.matcher(label).matches()) {
                    problems.add("--labels: '" + label + "' is not a label (letters, digits, '.', '_', ':', '/', '-')");
                }
                cleanLabels.add(label);
            }
            if (maxBuilds < 1) {
                problems.add("--max-builds: must be at least 1, got " + maxBuilds);
            }
            if (parallelStages < 1) {
                problems.add("--parallel-stages: must be at least 1, got " + parallelStages);
            }
            if (metricsPort < 0 || metricsPort > 65535) {
                problems.add("--metrics-port: must be 0 (off) or a TCP port, got " + metricsPort);
            }
            Duration graceD = duration("--grace", grace, problems);
            Duration drainD = duration("--drain-timeout", drainTimeout, problems);
            Duration gcD = duration("--gc-interval", gcInterval, problems);
            Duration pruneD = duration("--prune-images-after", pruneImagesAfter, problems);
            if (gcD != null && gcD.isZero()) {
                problems.add("--gc-interval: must be more than 0");
            }
            long floor = -1;
            try {
                floor = Units.parseBytes(diskFloor);
            } catch (IllegalArgumentException e) {
                problems.add("--disk-floor: " + e.getMessage());
            }
            long cacheCap = -1;
            try {
                cacheCap = Units.parseBytes(cacheMaxBytes);
                if (cacheCap <= 0) {
                    problems.add("--cache-max-bytes: must be more than 0, got " + cacheMaxBytes);
                }
            } catch (IllegalArgumentException e) {
                problems.add("--cache-max-bytes: " + e.getMessage());
            }
            ResourceLimits buildLimits = limitFlags.limits(problems);
            long imageBudget = limitFlags.imageBudget(problems);
            Path dir = workDir.toAbsolutePath().normalize();
            boolean dirUsable = checkWorkDir(dir, problems);
            if (token == null && registrationSecret == null && !(dirUsable && hasSavedToken(dir))) {
                problems.add("no werker token: set " + ENV_TOKEN + " (or --token), or " + ENV_REGISTRATION_SECRET
                        + " (or --registration-secret) to register this werker; no saved token in "
                        + dir.resolve(TokenStore.FILE_NAME));
            }
            StageUser stage = stageUser(problems);
            if (dirUsable && stage != null) {
                keepFromStages(dir, problems);
            }
            if (!problems.isEmpty()) {
                throw new ConfigException(problems);
            }
            return new AgentConfig(serverUri, token, registrationSecret, werkerName, cleanLabels, maxBuilds, dir,
                    blankToNull(dockerHost), graceD, drainD, metricsPort, floor, gcD, pruneD, timings, stage,
                    buildLimits, imageBudget,
                    cacheDir == null ? dir.resolve("caches") : cacheDir.toAbsolutePath().normalize(), cacheCap,
                    parallelStages, readyContainer);
        }

        private URI parseServer(List<String> problems) {
            if (server == null || server.isBlank()) {
                problems.add("no server: set " + ENV_SERVER + " or --server to the Bitbucket base URL (e.g. https://bitbucket.example.com)");
                return null;
            }
            try {
                String s = server.trim();
                while (s.endsWith("/")) {
                    s = s.substring(0, s.length() - 1);
                }
                URI uri = new URI(s);
                String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
                if (!scheme.equals("http") && !scheme.equals("https")) {
                    problems.add("--server: '" + server + "' is not an http(s) URL");
                    return null;
                }
                if (uri.getHost() == null || uri.getQuery() != null || uri.getFragment() != null || uri.getUserInfo() != null) {
                    problems.add("--server: '" + server + "' must be a base URL like https://bitbucket.example.com[/context] (host, no user, query or fragment)");
                    return null;
                }
                return uri;
            } catch (URISyntaxException e) {
                problems.add("--server: '" + server + "' is not a URL: " + e.getReason());
                return null;
            }
        }

        private static Duration duration(String flag, String value, List<String> problems) {
            try {
                Duration d = Units.parseDuration(value);
                if (d.isNegative()) {
                    problems.add(flag + ": must not be negative");
                }
                return d;
            } catch (IllegalArgumentException e) {
                problems.add(flag + ": " + e.getMessage());
                return null;
            }
        }

        private static boolean checkWorkDir(Path dir, List<String> problems) {
            try {
                Files.createDirectories(dir);
            } catch (IOException e) {
                problems.add("--work-dir: cannot create " + dir + ": " + e);
                return false;
            }
            try {
                Path probe = Files.createTempFile(dir, ".write-check", ".tmp");
                Files.delete(probe);
                return true;
            } catch (IOException e) {
                problems.add("--work-dir: " + dir + " is not writable by this user: " + e.getMessage());
                return false;
            }
        }

        /**
         * Who host-shell stages run as. A werker running as root never runs them as root: without
         * {@code --stage-user} it uses {@value #DEFAULT_STAGE_USER} if that user exists, else {@code nobody}. A werker
         * running as another user cannot switch users: its stages run as itself (null).
         */
        private StageUser stageUser(List<String> problems) {
            int me = StageUser.currentUid();
            try {
                if (stageUser != null) {
                    Optional<StageUser> u = StageUser.resolve(stageUser);
                    if (u.isEmpty()) {
                        problems.add("--stage-user: no user '" + stageUser + "' on this host; create it (useradd "
                                + "--system --no-create-home " + DEFAULT_STAGE_USER + ") or give UID:GID");
                        return null;
                    }
                    if (u.get().uid() == me) {
                        return null; // the werker's own user: nothing to switch
                    }
                    if (me != 0) {
                        problems.add("--stage-user: only a werker running as root can run stages as another user "
                                + "(this werker runs as uid " + me + ")");
                        return null;
                    }
                    return u.get();
                }
                if (me != 0) {
                    return null;
                }
                Optional<StageUser> u = StageUser.resolve(DEFAULT_STAGE_USER);
                return u.isPresent() ? u.get() : StageUser.resolve("nobody").orElseGet(() -> {
                    problems.add("--stage-user: the werker runs as root and host-shell stages must not: create the "
                            + "user " + DEFAULT_STAGE_USER + " or name one with --stage-user");
                    return null;
                });
            } catch (IllegalArgumentException e) {
                problems.add("--stage-user: " + e.getMessage());
                return null;
            } catch (IOException e) {
                problems.add("--stage-user: cannot look up '" + stageUser + "': " + e.getMessage());
                return null;
            }
        }

        /**
         * The work dir may be passed through (0711) but not listed by the stage user; the spool (other builds' logs)
         * and the token file are the werker's alone; workspaces are handed to the stage user one by one.
         */
        private static void keepFromStages(Path dir, List<String> problems) {
            try {
                Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx--x--x"));
                Path spool = dir.resolve("spool");
                Files.createDirectories(spool);
                Files.setPosixFilePermissions(spool, PosixFilePermissions.fromString("rwx------"));
                Path builds = dir.resolve("builds");
                Files.createDirectories(builds);
                Files.setPosixFilePermissions(builds, PosixFilePermissions.fromString("rwx--x--x"));
                Path token = dir.resolve(TokenStore.FILE_NAME);
                if (Files.exists(token)) {
                    Files.setPosixFilePermissions(token, PosixFilePermissions.fromString("rw-------"));
                }
            } catch (IOException | UnsupportedOperationException e) {
                problems.add("--work-dir: cannot keep " + dir + " from host-shell stages (chmod): " + e.getMessage());
            }
        }

        private static boolean hasSavedToken(Path dir) {
            try {
                return new TokenStore(dir).read().isPresent();
            } catch (IOException e) {
                return false;
            }
        }

        private static String defaultName() {
            String host = System.getenv("HOSTNAME");
            if (host == null || host.isBlank()) {
                try {
                    host = InetAddress.getLocalHost().getHostName();
                } catch (UnknownHostException e) {
                    return null;
                }
            }
            int dot = host.indexOf('.');
            return dot > 0 ? host.substring(0, dot) : host;
        }

        private static String blankToNull(String s) {
            return s == null || s.isBlank() ? null : s.trim();
        }
    }
}
