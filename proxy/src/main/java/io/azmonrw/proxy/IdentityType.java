package io.azmonrw.proxy;

/** The identity the proxy gets its Entra token with ({@code IDENTITY_TYPE}), named as Microsoft's sidecar names them. */
public enum IdentityType {
    WORKLOAD_IDENTITY("workloadIdentity"),
    USER_ASSIGNED("userAssigned"),
    SYSTEM_ASSIGNED("systemAssigned"),
    AAD_APPLICATION("aadApplication");

    private final String envName;

    IdentityType(String envName) {
        this.envName = envName;
    }

    @Override
    public String toString() {
        return envName;
    }
}
