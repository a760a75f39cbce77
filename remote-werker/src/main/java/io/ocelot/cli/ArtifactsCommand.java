package io.ocelot.cli;

import io.ocelot.core.ByteSizes;

import io.ocelot.cli.client.OcelotClient;
import io.ocelot.cli.client.Output;
import io.ocelot.cli.client.UserCommand;
import io.ocelot.core.api.ArtifactList;
import io.ocelot.core.api.ArtifactView;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/** {@code ocelot artifacts BUILD [NAME] [-o DIR]}: lists a build's artifacts, or downloads one or all of them. */
@Command(name = "artifacts", description = {"List a build's artifacts (the files its stages kept), or download them.",
        "BUILD is a build number, or a commit hash (its newest build).",
        "Without NAME and -o: the list (path, stage, size, SHA-256; expired ones say so).",
        "With NAME (an artifact's path as listed): downloads that one into DIR (default: the current folder).",
        "With -o DIR and no NAME: downloads every artifact still kept.",
        "A download keeps the artifact's relative path under DIR (target/app.jar -> DIR/target/app.jar), replaces "
        + "a file already there, and is checked against the listed size and SHA-256; a failed download leaves no file.",
        "Exit: 0 done, 1 nothing to download, 5 refused (no such build or artifact, expired, no permission), "
        + "3 server or disk trouble."})
public final class ArtifactsCommand extends UserCommand {
    @Parameters(index = "0", paramLabel = "BUILD")
    String ref;

    @Parameters(index = "1", arity = "0..1", paramLabel = "NAME", description = "The artifact's path, as listed.")
    String name;

    @Option(names = {"-o", "--output"}, paramLabel = "DIR", description = "Download into this folder.")
    Path dir;

    @Override
    protected int run(OcelotClient client, Output out) throws IOException {
        long id = buildId(client, ref);
        ArtifactList list = client.artifacts(id);
        if (name == null && dir == null) {
            return print(list, out);
        }
        List<ArtifactView> wanted = new ArrayList<>();
        if (name != null) {
            wanted.add(list.artifacts().stream().filter(a -> a.path().equals(name)).findFirst()
                    .orElseThrow(() -> new io.ocelot.cli.client.ApiException(404, "build #" + id
                            + " has no artifact '" + name + "'" + (list.artifacts().isEmpty() ? ""
                            : "; its artifacts: " + String.join(", ", list.artifacts().stream()
                            .map(ArtifactView::path).toList())), null)));
            if (wanted.get(0).expired()) {
                throw new io.ocelot.cli.client.ApiException(404, "artifact '" + name + "' of build #" + id
                        + " expired: artifacts are kept " + list.retentionDays() + " days", null);
            }
        } else {
            list.artifacts().stream().filter(a -> !a.expired()).forEach(wanted::add);
            if (wanted.isEmpty()) {
                spec.commandLine().getErr().println("ocelot artifacts: build #" + id + " has no artifacts to download"
                        + (list.artifacts().isEmpty() ? "" : " (they expired)"));
                return FAILED;
            }
        }
        Path into = (dir == null ? Path.of("") : dir).toAbsolutePath().normalize();
        for (ArtifactView a : wanted) {
            Path target = inside(into, a.path());
            long n = download(client, id, a, target);
            out.line(a.path() + "  " + ByteSizes.compact(n) + "  -> " + target);
        }
        return OK;
    }

    private int print(ArtifactList list, Output out) {
        if (out.json()) {
            out.printJson(list);
            return OK;
        }
        if (list.artifacts().isEmpty()) {
            out.line("build #" + list.buildId() + " has no artifacts");
            return OK;
        }
        List<List<String>> rows = list.artifacts().stream().map(a -> List.of(a.path(),
                a.stageName() == null ? "#" + (a.stage() + 1) : a.stageName(), ByteSizes.compact(a.size()),
                a.expired() ? "expired" : a.sha256().substring(0, Math.min(16, a.sha256().length())))).toList();
        out.table(List.of("PATH", "STAGE", "SIZE", "SHA-256"), rows);
        return OK;
    }

    /** The artifact's place under DIR; a path that would leave DIR (the server should never send one) is refused. */
    private static Path inside(Path into, String path) {
        Path target = into.resolve(path).normalize();
        if (path.isEmpty() || path.startsWith("/") || path.contains("\\") || !target.startsWith(into)
                || target.equals(into)) {
            throw new UsageException("artifact path '" + path + "' would be written outside " + into + "; not written");
        }
        return target;
    }

    /** Into a temporary file beside the target, checked, then moved over it: no half-written artifact is left. */
    private static long download(OcelotClient client, long id, ArtifactView a, Path target) throws IOException {
        Files.createDirectories(target.getParent());
        Path part = Files.createTempFile(target.getParent(), "." + target.getFileName(), ".part");
        try {
            long n = client.download(id, a.path(), part);
            if (n != a.size()) {
                throw new IOException("the download of '" + a.path() + "' has " + n + " bytes, the list says "
                        + a.size() + "; try again");
            }
            String sha = sha256(part);
            if (a.sha256() != null && !a.sha256().equals(sha)) {
                throw new IOException("the download of '" + a.path() + "' has SHA-256 " + sha + ", the list says "
                        + a.sha256() + "; try again");
            }
            Files.move(part, target, StandardCopyOption.REPLACE_EXISTING);
            return n;
        } finally {
            Files.deleteIfExists(part);
        }
    }

    private static String sha256(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest d = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[64 * 1024];
            int n;
            while ((n = in.read(buf)) > 0) {
                d.update(buf, 0, n);
            }
            return HexFormat.of().formatHex(d.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
