package io.ocelot.plugin.notify;

import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.client5.http.SystemDefaultDnsResolver;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.Locale;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Where the notifier may connect. A webhook URL comes from a pushed ocelot.yml, so without this anyone who can push
 * could make the Bitbucket server POST to itself or to the internal network. A host whose addresses are loopback,
 * link-local, private (10/8, 172.16/12, 192.168/16, fc00::/7, fec0::/10), multicast or unspecified is refused unless a
 * Bitbucket admin put that host on the allowlist ({@link NotifyAllowlist}).
 * <p>
 * It is the HTTP client's {@link DnsResolver}: the addresses checked here are the only ones the client can connect
 * to, so a name that resolves to a public address for a check and to 127.0.0.1 for the connection (DNS rebinding)
 * gains nothing.
 */
public final class OutboundTargets implements DnsResolver {
    private final Supplier<Set<String>> allowedHosts;
    private final DnsResolver dns;

    public OutboundTargets(Supplier<Set<String>> allowedHosts) {
        this(allowedHosts, SystemDefaultDnsResolver.INSTANCE);
    }

    OutboundTargets(Supplier<Set<String>> allowedHosts, DnsResolver dns) {
        this.allowedHosts = allowedHosts;
        this.dns = dns;
    }

    /** A target the notifier will not send to; final (retrying cannot change it). */
    public static final class RefusedTarget extends UnknownHostException {
        public RefusedTarget(String message) {
            super(message);
        }
    }

    @Override
    public InetAddress[] resolve(String host) throws UnknownHostException {
        InetAddress[] all = dns.resolve(host);
        if (all == null || all.length == 0) {
            throw new UnknownHostException(host);
        }
        if (isAllowlisted(host)) {
            return all;
        }
        InetAddress[] external = Arrays.stream(all).filter(a -> !isInternal(a)).toArray(InetAddress[]::new);
        if (external.length == 0) {
            throw new RefusedTarget("refused: " + host + " resolves to " + describe(all[0])
                    + "; a Bitbucket admin can allow this host (see 'Notifications' in the user guide)");
        }
        return external;
    }

    @Override
    public String resolveCanonicalHostname(String host) throws UnknownHostException {
        return dns.resolveCanonicalHostname(host);
    }

    public boolean isAllowlisted(String host) {
        return host != null && allowedHosts.get().contains(normalise(host));
    }

    /** Lower case, without the brackets of an IPv6 literal, as hosts are kept on the allowlist. */
    static String normalise(String host) {
        String h = host.trim().toLowerCase(Locale.ROOT);
        return h.startsWith("[") && h.endsWith("]") ? h.substring(1, h.length() - 1) : h;
    }

    /** Loopback, link-local, private, unique-local, multicast or unspecified (0.0.0.0/8, ::). */
    public static boolean isInternal(InetAddress a) {
        if (a.isLoopbackAddress() || a.isLinkLocalAddress() || a.isSiteLocalAddress() || a.isMulticastAddress()
                || a.isAnyLocalAddress()) {
            return true;
        }
        byte[] b = a.getAddress();
        if (a instanceof Inet6Address) {
            return (b[0] & 0xfe) == 0xfc; // fc00::/7 unique local (RFC 4193)
        }
        return b[0] == 0; // 0.0.0.0/8 "this network" (RFC 1122)
    }

    private static String describe(InetAddress a) {
        String kind = a.isLoopbackAddress() ? "loopback" : a.isLinkLocalAddress() ? "link-local"
                : a.isMulticastAddress() ? "multicast" : a.isAnyLocalAddress() || (a.getAddress()[0] == 0
                && !(a instanceof Inet6Address)) ? "unspecified" : "private";
        return "a " + kind + " address (" + a.getHostAddress() + ")";
    }
}
