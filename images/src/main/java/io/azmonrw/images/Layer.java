package io.azmonrw.images;

/** A layer blob in the layout: its descriptor, the digest of its uncompressed tar (the config's diff_id) and a name for reports. */
public record Layer(Descriptor descriptor, String diffId, String name) {}
