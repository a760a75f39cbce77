package io.ocelot.cli;

import io.ocelot.cli.client.OcelotClient;
import io.ocelot.cli.client.Output;
import io.ocelot.cli.client.UserCommand;
import io.ocelot.core.api.CloneCredentialRequest;
import io.ocelot.core.api.CloneCredentialView;
import io.ocelot.core.api.RegistrationSecretView;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

/**
 * {@code ocelot admin ...}: what a Bitbucket admin configures for all of Ocelot. Secrets are read from a file or
 * standard input, never from the command line (which other users of the machine can see).
 */
@Command(name = "admin", description = "Ocelot-wide settings (needs Bitbucket ADMIN).",
        subcommands = {AdminCommand.RegistrationSecret.class, AdminCommand.CloneCredentials.class})
public final class AdminCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    private static String since(Long at) {
        return at == null ? "" : " (set " + Instant.ofEpochMilli(at) + ")";
    }

    /** {@code ocelot admin registration-secret [--rotate]}. */
    @Command(name = "registration-secret",
            description = "Whether a werker registration secret is set; --rotate replaces it and prints the new one, once.")
    public static final class RegistrationSecret extends UserCommand {
        @Option(names = "--rotate", description = "Replace the secret with a new random one and print it (only now)."
                + " Werkers already registered keep working; new ones need the new secret.")
        boolean rotate;

        @Override
        protected int run(OcelotClient client, Output out) {
            if (!rotate) {
                RegistrationSecretView v = client.registrationSecret();
                if (out.json()) {
                    out.printJson(v);
                } else {
                    out.line(v.set() ? "a werker registration secret is set" + since(v.setAt())
                            : "no werker registration secret is set: ocelot admin registration-secret --rotate");
                }
                return OK;
            }
            RegistrationSecretView v = client.rotateRegistrationSecret();
            if (out.json()) {
                out.printJson(v);
            } else {
                // the secret alone on stdout (for a script or a secret store); the words on stderr
                out.line(v.secret());
                spec.commandLine().getErr().println("ocelot: this is the new werker registration secret; it is not shown again."
                        + " The old one no longer registers werkers.");
            }
            return OK;
        }
    }

    /** {@code ocelot admin clone-credentials [--http-user U --http-token-file F | --ssh-key-file F | --remove]}. */
    @Command(name = "clone-credentials",
            description = "Show, set or remove the credential werkers clone with. Secrets come from a FILE, or '-' for"
                    + " standard input, never from the command line.")
    public static final class CloneCredentials extends UserCommand {
        @ArgGroup(exclusive = true)
        Change change;

        static final class Change {
            @ArgGroup(exclusive = false)
            Http http;

            @Option(names = "--ssh-key-file", paramLabel = "FILE", required = true,
                    description = "An SSH private key without passphrase ('-': standard input).")
            Path sshKeyFile;

            @Option(names = "--remove", required = true, description = "Remove the credential: werkers clone anonymously.")
            boolean remove;
        }

        static final class Http {
            @Option(names = "--http-user", paramLabel = "USER", required = true,
                    description = "The service account whose HTTP access token werkers clone with.")
            String user;

            @Option(names = "--http-token-file", paramLabel = "FILE", required = true,
                    description = "The account's HTTP access token ('-': standard input).")
            Path tokenFile;
        }

        @Option(names = "--url-template", paramLabel = "URL",
                description = "Clone URL with {project}, {PROJECT}, {slug}, e.g. ssh://git@host:7999/{project}/{slug}.git"
                        + " (an SSH key needs one).")
        String urlTemplate;

        @Override
        protected int run(OcelotClient client, Output out) throws IOException {
            if (change != null && change.remove) {
                client.clearCloneCredential();
            } else if (change != null) {
                CloneCredentialRequest request = change.http != null
                        ? CloneCredentialRequest.http(change.http.user, readSecret(change.http.tokenFile))
                        : CloneCredentialRequest.ssh(readSecret(change.sshKeyFile));
                client.setCloneCredential(request.withUrlTemplate(urlTemplate));
            } else if (urlTemplate != null) {
                throw new UsageException("--url-template goes with --http-user/--http-token-file or --ssh-key-file");
            }
            CloneCredentialView v = client.cloneCredential();
            if (out.json()) {
                out.printJson(v);
            } else if (!v.set()) {
                out.line("no clone credential: werkers clone anonymously" + url(v));
            } else {
                out.line(("http".equals(v.kind()) ? "HTTP access token of " + v.username() : "SSH private key")
                        + since(v.setAt()) + url(v));
            }
            return OK;
        }

        private static String url(CloneCredentialView v) {
            return v.urlTemplate() == null ? ", from Bitbucket's HTTP clone URL" : ", from " + v.urlTemplate();
        }

        private static String readSecret(Path file) throws IOException {
            String text;
            if (file.toString().equals("-")) {
                InputStream in = System.in;
                text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } else if (!Files.isRegularFile(file)) {
                throw new UsageException("no such file: " + file);
            } else {
                text = Files.readString(file, StandardCharsets.UTF_8);
            }
            if (text.isBlank()) {
                throw new UsageException((file.toString().equals("-") ? "standard input" : file.toString()) + " is empty");
            }
            return text;
        }
    }
}
