package io.ocelot.plugin.registry;

import java.util.Locale;
import java.util.Optional;

/**
 * The registry host an image name names, by Docker's rule for references: the part before the first {@code /} is a
 * registry host when it contains a {@code .} or a {@code :}, or is {@code localhost}; otherwise the name is a Docker
 * Hub repository ({@code busybox}, {@code team/app}) and names no host. See the reference grammar in
 * https://github.com/distribution/reference/blob/v0.6.0/normalize.go (splitDockerDomain).
 */
public final class ImageRegistry {
    private ImageRegistry() {
    }

    /** The host (lower case, with its port), or empty for an image without a host (or no image). */
    public static Optional<String> hostOf(String image) {
        if (image == null) {
            return Optional.empty();
        }
        int slash = image.indexOf('/');
        if (slash <= 0) {
            return Optional.empty();
        }
        String first = image.substring(0, slash);
        if (first.contains(".") || first.contains(":") || first.equals("localhost")) {
            return Optional.of(first.toLowerCase(Locale.ROOT));
        }
        return Optional.empty();
    }
}
