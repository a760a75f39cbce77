package io.ocelot.werker.engine.shell;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The unprivileged user host-shell stages run as ({@code --stage-user}), so that a stage cannot act as the werker:
 * it cannot read the werker's token file (0600, the werker's user), its work directory (0711: no listing), other
 * builds' spools, or {@code /proc/<werker pid>/environ} (the kernel lets only the same user, or root, read another
 * process's environment). Given as a user name (looked up with {@code getent passwd}) or as {@code UID:GID}.
 * Supplementary groups are dropped (so the werker's {@code docker} group, for one, never reaches a stage).
 */
public record StageUser(String name, int uid, int gid) {
    private static final Pattern NUMERIC = Pattern.compile("(\\d+):(\\d+)");

    public StageUser {
        if (uid == 0) {
            throw new IllegalArgumentException("the stage user must not be root (uid 0)");
        }
    }

    /** The user {@code spec} names ("NAME" or "UID:GID"); empty when there is no such user. */
    public static Optional<StageUser> resolve(String spec) throws IOException {
        Matcher m = NUMERIC.matcher(spec.trim());
        if (m.matches()) {
            return Optional.of(new StageUser(spec.trim(), Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2))));
        }
        Process p = new ProcessBuilder("getent", "passwd", spec.trim()).redirectErrorStream(true).start();
        String line;
        try {
            line = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0 || line.isEmpty()) {
                return Optional.empty();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while looking up user " + spec, e);
        }
        String[] f = line.split(":", -1); // name:x:uid:gid:gecos:home:shell
        return Optional.of(new StageUser(f[0], Integer.parseInt(f[2]), Integer.parseInt(f[3])));
    }

    /** The effective uid of this process (the owner of {@code /proc/self}). */
    public static int currentUid() {
        try {
            return (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
        } catch (IOException | UnsupportedOperationException e) {
            return -1;
        }
    }

    /** The command prefix that runs the rest of a command line as this user: no groups, no new privileges. */
    public java.util.List<String> command() {
        return java.util.List.of("setpriv", "--reuid=" + uid, "--regid=" + gid, "--clear-groups", "--no-new-privs");
    }

    /**
     * Why this user cannot reach {@code dir} (a directory on the way that it may not search), or empty when it can.
     * Checked with the permission bits (the user has no supplementary groups); ACLs are not considered.
     */
    public Optional<String> cannotReach(Path dir) {
        for (Path p = dir.toAbsolutePath(); p != null; p = p.getParent()) {
            try {
                Map<String, Object> a = Files.readAttributes(p, "unix:mode,uid,gid", LinkOption.NOFOLLOW_LINKS);
                int mode = (Integer) a.get("mode");
                int owner = (Integer) a.get("uid");
                int group = (Integer) a.get("gid");
                boolean search = owner == uid ? (mode & 0100) != 0
                        : group == gid ? (mode & 0010) != 0
                        : (mode & 0001) != 0;
                if (!search) {
                    return Optional.of(p + " (mode " + Integer.toOctalString(mode & 07777) + ", owner uid " + owner
                            + ") does not let the stage user " + this + " through: give the werker a --work-dir "
                            + "that every user may traverse (o+x on each directory above it), such as /var/lib/ocelot-werker");
                }
            } catch (IOException | UnsupportedOperationException e) {
                return Optional.of("cannot check " + p + ": " + e.getMessage());
            }
        }
        return Optional.empty();
    }

    @Override
    public String toString() {
        return name.equals(uid + ":" + gid) ? name : name + " (" + uid + ":" + gid + ")";
    }
}
