package io.ocelot.werker.agent;

import io.ocelot.core.protocol.Messages.RegisterRequest;
import io.ocelot.core.protocol.Messages.RegisterResponse;
import io.ocelot.core.protocol.Protocol;
import io.ocelot.werker.agent.client.Backoff;
import io.ocelot.werker.agent.client.PluginCallException;
import io.ocelot.werker.agent.client.ServerContact;
import io.ocelot.werker.agent.client.WerkerClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;

/**
 * The werker's identity with the plugin: the configured or saved token, or a registration with the secret whose
 * token is saved for the next start. Registration retries while the plugin is unreachable and gives up
 * ({@link FatalProblem}) when the plugin refuses.
 */
final class Registration {
    private static final Logger LOG = LoggerFactory.getLogger(Registration.class);

    private final AgentConfig cfg;
    private final WerkerClient client;
    private final ServerContact contact;
    private final TokenStore tokens;
    private final BuildSlots slots;

    Registration(AgentConfig cfg, WerkerClient client, ServerContact contact, TokenStore tokens, BuildSlots slots) {
        this.cfg = cfg;
        this.client = client;
        this.contact = contact;
        this.tokens = tokens;
        this.slots = slots;
    }

    /**
     * Uses the configured or saved token, or registers with the secret and saves the token it gets; the client
     * carries the token from then on. False when the werker was stopped before the plugin answered.
     */
    boolean authenticate() throws InterruptedException {
        String token = cfg.token();
        String source = "the configured token";
        if (token == null) {
            try {
                token = tokens.read().orElse(null);
            } catch (IOException e) {
                throw new FatalProblem("cannot read " + tokens.file() + ": " + e.getMessage());
            }
            source = "the token saved in " + tokens.file();
        }
        if (token == null) {
            token = register();
            if (token == null) {
                return false; // stopped before the plugin answered
            }
        } else {
            LOG.info("werker '{}' using {} against {}", cfg.name(), source, cfg.server());
        }
        if (System.getenv(AgentConfig.ENV_REGISTRATION_SECRET) != null) {
            // A process cannot change the environment it was started with: the secret stays in
            // /proc/<pid>/environ (readable by this user and root) until the werker is restarted without it.
            LOG.warn("{} is set but no longer needed (this werker has its token): remove it from the werker's "
                    + "environment before the next start", AgentConfig.ENV_REGISTRATION_SECRET);
        }
        client.token(token);
        return true;
    }

    private String register() throws InterruptedException {
        Backoff backoff = new Backoff(cfg.timings().backoffInitial(), cfg.timings().backoffMax());
        RegisterRequest request = new RegisterRequest(Protocol.VERSION, cfg.registrationSecret(), cfg.name(),
                cfg.labels(), cfg.maxBuilds(), WerkerClient.version());
        while (!slots.draining()) {
            try {
                RegisterResponse r = client.register(request);
                contact.reached();
                if (r.token() == null || r.token().isBlank()) {
                    throw new FatalProblem("registration answered without a token");
                }
                try {
                    tokens.save(r.token());
                } catch (IOException e) {
                    throw new FatalProblem("registered as werker " + r.werkerId() + " but cannot save its token to "
                            + tokens.file() + ": " + e.getMessage());
                }
                LOG.info("registered as werker {} ('{}') with {}; token saved to {}", r.werkerId(), cfg.name(),
                        cfg.server(), tokens.file());
                return r.token();
            } catch (PluginCallException e) {
                if (e.kind() == PluginCallException.Kind.REFUSED || e.kind() == PluginCallException.Kind.LEASE_LOST) {
                    throw new FatalProblem("registration refused by " + cfg.server() + ": " + e.getMessage()
                            + (e.status() == 401 || e.status() == 403 ? " (check OCELOT_REGISTRATION_SECRET)" : ""));
                }
                if (contact.failed(e.getMessage())) {
                    LOG.warn("cannot register yet, plugin unreachable ({}); retrying", e.getMessage());
                }
                slots.sleep(backoff.next());
            }
        }
        return null;
    }
}
