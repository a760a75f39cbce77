package io.ocelot.bench;

import io.ocelot.plugin.testkit.Shell;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** What the figures were measured on: the machine, its load, and the versions of everything in the path. */
final class Machine {
    private Machine() {
    }

    /** The 1-, 5- and 15-minute load averages ("5.46 5.26 5.09"). */
    static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    static List<String> describe() {
        List<String> lines = new ArrayList<>();
        lines.add("cpus: " + Runtime.getRuntime().availableProcessors() + " (" + cpuModel() + ")");
        lines.add("memory: " + memTotal());
        lines.add("kernel: " + Shell.probe("uname", "-sr"));
        lines.add("java: " + System.getProperty("java.runtime.version") + " (" + System.getProperty("java.vm.name")
                + ")");
        lines.add("docker engine: " + Shell.probe("docker", "version", "--format", "{{.Server.Version}} (API {{.Server.APIVersion}})"));
        lines.add("git: " + Shell.probe("git", "--version"));
        lines.add("buildbot: " + Shell.probe("dpkg-query", "-W", "-f=${Version}", "buildbot")
                + ", buildbot-worker " + Shell.probe("dpkg-query", "-W", "-f=${Version}", "buildbot-worker"));
        lines.add("database: HSQLDB " + hsqldbVersion() + " under the Active Objects ORM 3.2.11");
        return lines;
    }

    private static String cpuModel() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                    .map(l -> l.substring(l.indexOf(':') + 1).trim()).findFirst().orElse("unknown model");
        } catch (IOException e) {
            return "unknown model";
        }
    }

    private static String memTotal() {
        try {
            return Files.readAllLines(Path.of("/proc/meminfo")).stream().filter(l -> l.startsWith("MemTotal"))
                    .map(l -> String.format("%.1f GiB", Long.parseLong(l.replaceAll("\\D", "")) / 1024.0 / 1024.0))
                    .findFirst().orElse("unknown");
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    private static String hsqldbVersion() {
        Package p = org.hsqldb.jdbc.JDBCDriver.class.getPackage();
        return p != null && p.getImplementationVersion() != null ? p.getImplementationVersion() : "2.7.x";
    }
}
