package io.azmonrw.webhook.admission;

import io.fabric8.kubernetes.api.model.Pod;

/** Reports an identity problem to the cluster (a Kubernetes Event on the pod's owner or the namespace); never fails the admission. */
public interface AdmissionEvents {
    /** Called once per non-dryRun admission that could not be injected for lack of an identity; must not throw or block. */
    void identityMissing(Pod pod, String namespace, String message);

    /** Events that go nowhere, for the offline CLI and tests. */
    static AdmissionEvents none() {
        return (pod, namespace, message) -> {};
    }
}
