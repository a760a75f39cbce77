package io.ocelot.werker.engine.docker;

/** An image reference split the way the pull API wants it: {@code registry:5000/team/app:1.2} → repository + tag. */
record ImageRef(String repository, String tag) {
    static ImageRef parse(String image) {
        if (image.contains("@")) { // by digest: pulled as it is
            return new ImageRef(image, null);
        }
        int slash = image.lastIndexOf('/');
        int colon = image.lastIndexOf(':');
        if (colon > slash) {
            return new ImageRef(image.substring(0, colon), image.substring(colon + 1));
        }
        return new ImageRef(image, "latest");
    }
}
