package io.azmonrw.common.service;

/** The version of a service, from its jar manifest ({@code dev} when run from classes). */
public final class BuildInfo {
    private BuildInfo() {}

    public static String version(Class<?> mainClass) {
        String v = mainClass.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }
}
