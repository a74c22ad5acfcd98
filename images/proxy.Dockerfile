# The remote-write proxy: a drop-in for Microsoft's prom-remotewrite image (same env vars, port and probes).
# Build context: proxy/ after `mvn package` (thin jar + target/lib), e.g.
#   docker build -f images/proxy.Dockerfile -t azmon-rw-proxy:dev proxy
# BASE_IMAGE: any Java 17+ runtime with `java` on PATH, e.g. gcr.io/distroless/java17-debian12:nonroot.
ARG BASE_IMAGE=eclipse-temurin:17-jre
FROM ${BASE_IMAGE}

# dependencies first: they change less often than our jar, so the layer is reused across releases
COPY target/lib/ /app/lib/
COPY target/azmon-rw-proxy.jar /app/azmon-rw-proxy.jar

# Read-only root filesystem: everything writable is under /tmp (an emptyDir in the pod); snappy-java unpacks its
# native library there. Heap from the container's memory limit, half of it: the rest is direct buffers (bodies in
# flight), metaspace and threads. SerialGC: one or two cores and a heap of a few hundred MB, no pause worth G1's
# footprint. Setting JAVA_TOOL_OPTIONS on the container replaces these defaults.
ENV HOME=/tmp \
    JAVA_TOOL_OPTIONS="-Djava.io.tmpdir=/tmp -Duser.home=/tmp -XX:MaxRAMPercentage=50 -XX:InitialRAMPercentage=25 -XX:+UseSerialGC -XX:+ExitOnOutOfMemoryError"

USER 65532:65532
EXPOSE 8081
ENTRYPOINT ["java", "-jar", "/app/azmon-rw-proxy.jar"]
