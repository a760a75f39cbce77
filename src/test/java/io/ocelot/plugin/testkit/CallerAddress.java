package io.ocelot.plugin.testkit;

import com.sun.net.httpserver.Filter;
import com.sun.net.httpserver.HttpExchange;
import org.glassfish.jersey.internal.inject.AbstractBinder;
import org.glassfish.jersey.process.internal.RequestScoped;

import javax.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.lang.reflect.Proxy;
import java.util.function.Supplier;

/**
 * Bitbucket serves REST resources in a servlet container, so a resource can take {@code @Context HttpServletRequest};
 * the JDK HTTP server is not one. This gives resources served here a request that answers what the servlet
 * container would for the caller ({@code getRemoteAddr}, {@code getRemoteHost}) and refuses everything else.
 */
final class CallerAddress {
    private static final ThreadLocal<String> CURRENT = new ThreadLocal<>();

    private CallerAddress() {
    }

    /** On the JDK server's context: notes the caller's address for the request's thread. */
    static Filter filter() {
        return new Filter() {
            @Override
            public void doFilter(HttpExchange exchange, Chain chain) throws IOException {
                CURRENT.set(exchange.getRemoteAddress().getAddress().getHostAddress());
                try {
                    chain.doFilter(exchange);
                } finally {
                    CURRENT.remove();
                }
            }

            @Override
            public String description() {
                return "the caller's address, as a servlet container has it";
            }
        };
    }

    /** For the Jersey application: binds {@link HttpServletRequest}. */
    static AbstractBinder binder() {
        return new AbstractBinder() {
            @Override
            protected void configure() {
                bindFactory((Supplier<HttpServletRequest>) CallerAddress::request).to(HttpServletRequest.class)
                        .in(RequestScoped.class);
            }
        };
    }

    private static HttpServletRequest request() {
        String address = CURRENT.get();
        return (HttpServletRequest) Proxy.newProxyInstance(CallerAddress.class.getClassLoader(),
                new Class<?>[]{HttpServletRequest.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "getRemoteAddr", "getRemoteHost" -> address;
                    case "toString" -> "HttpServletRequest[from " + address + "]";
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    default -> throw new UnsupportedOperationException(method.getName()
                            + " is not in the test stand-in for HttpServletRequest");
                });
    }
}
