package io.azmonrw.webhook.cli;

import io.azmonrw.common.Contract.Keys;
import io.azmonrw.common.config.IngestionUrl;

/** The {@code --help} texts of {@code inject} and {@code uninject}. */
final class CliText {
    private CliText() {}

    static final String INJECT_HELP = """
            usage: java -jar azmon-rw-webhook.jar inject -f FILE|- [flags]

            Adds the remote-write proxy to manifests before they are applied, offline (no cluster, no webhook), with
            the webhook's own selection and mutation code. Prints the result on stdout.

            Input: YAML (one or many documents) or JSON, from FILE or stdin (-f -): Pod, Deployment, StatefulSet,
            DaemonSet, ReplicaSet, ReplicationController, Job, CronJob, List, and prometheus-operator's Prometheus and
            PrometheusAgent (monitoring.coreos.com). Only Prometheus pod templates are injected: labels matching
            %1$s,
            or the annotation %2$s: "true"; every other workload is left unchanged with one line on stderr
            saying why. A Prometheus or PrometheusAgent resource gets the proxy in spec.containers (or
            spec.initContainers with --native-sidecar), the workload-identity label in spec.podMetadata.labels, the
            volumes in spec.volumes and one spec.remoteWrite entry http://localhost:%3$d/api/v1/write.

            Output: documents in input order; a document that is not changed is printed byte for byte as read; a
            changed document is re-serialised: its leading comment lines are kept, YAML comments and quoting style
            inside it are not; JSON input gives JSON; a document to change that uses YAML aliases is refused. Nothing is printed when anything fails.

            flags:
              -f, --filename FILE    input file, or - for stdin (required)
              --client-id ID         the identity's client id; without it, the annotation
                                     %4$s of the workload's ServiceAccount
                                     when that ServiceAccount is in the same input
              --tenant-id ID         the tenant id; without it, the ServiceAccount's %5$s
              --ingestion-url URL    the data collection rule's metrics ingestion URL, checked before any output:
                                     %6$s
              --image IMAGE          the proxy image (default %10$s)
              --cloud CLOUD          AZUREPUBLIC (default), AZUREGOVERNMENT or AZURECHINA: the proxy's CLOUD and
                                     its default authority host, as the webhook's CLOUD
              --authority-host URL   the Entra authority host given to the proxy (default: the cloud's),
                                     as the webhook's AZURE_AUTHORITY_HOST
              --native-sidecar       inject as an init container with restartPolicy: Always (Kubernetes 1.29+)
              --all                  inject every pod template, not only Prometheus ones
              --no-remote-write      leave spec.remoteWrite of Prometheus/PrometheusAgent resources alone
              -h, --help             this text
              --version              the version

            A pod template's annotations %7$s, %8$s and %9$s
            win over the flags, as in the webhook.
            Exit status: 0 done; 2 bad flags or bad input (one line on stderr naming the document, nothing on stdout).
            See also: uninject --help.
            """.formatted(
                    Keys.DEFAULT_PROMETHEUS_POD_SELECTOR,
                    Keys.INJECT,
                    io.azmonrw.common.Contract.Injection.DEFAULT_PROXY_PORT,
                    Keys.WI_CLIENT_ID,
                    Keys.WI_TENANT_ID,
                    IngestionUrl.EXPECTED_SHAPE,
                    Keys.CLIENT_ID,
                    Keys.TENANT_ID,
                    Keys.INGESTION_URL,
                    io.azmonrw.webhook.WebhookConfig.DEFAULT_PROXY_IMAGE);

    static final String UNINJECT_HELP = """
            usage: java -jar azmon-rw-webhook.jar uninject -f FILE|-

            Removes from manifests exactly what inject added (recorded in the %1$s annotation of each pod template
            or of spec.podMetadata): the proxy container, its volumes and labels, the annotation itself and the
            remoteWrite entry inject added, and label values it replaced are put back. inject | uninject gives back
            the input's content. Documents without
            that annotation are printed byte for byte as read; changed documents are re-serialised (YAML comments in
            them are not kept). A pod read back from a cluster (injected by the webhook, no record) loses the proxy
            container, the volumes named in the annotation and the labels the webhook adds, with a warning.

            flags:
              -f, --filename FILE    input file, or - for stdin (required)
              -h, --help             this text
              --version              the version

            Exit status: 0 done; 2 bad flags or bad input (one line on stderr, nothing on stdout).
            """.formatted(Keys.STATUS);
}
