# The remote-write proxy: a drop-in for Microsoft's prom-remotewrite image (same env vars, port and probes).
# For users who build with Docker or podman; `make images` builds the same image without an engine (README
# "Container images"). Build context: the repository root after `make build`, e.g.
#   docker build -f images/proxy.Dockerfile -t azmon-rw-proxy:dev .
# BASE_IMAGE: any Java 17+ runtime image with `java` on PATH and a /tmp, e.g. gcr.io/distroless/java17-debian12:nonroot.
ARG BASE_IMAGE=eclipse-temurin:17-jre
FROM ${BASE_IMAGE}

# dependencies first: they change less often than our jar, so the layer is reused across releases
COPY proxy/target/lib/ /app/lib/
COPY proxy/target/azmon-rw-proxy.jar /app/azmon-rw-proxy.jar
# JVM defaults (SerialGC, heap from the container limit, ...) read through -XX:Flags: JAVA_TOOL_OPTIONS set on the
# container overrides any of them instead of replacing them all
COPY images/proxy.flags /app/jvm.flags

# fewer glibc malloc arenas: less native memory in a container with a small limit (the images `make images` builds set it too)
ENV MALLOC_ARENA_MAX=2
USER 65532:65532
WORKDIR /app
EXPOSE 8081
ENTRYPOINT ["java", "-XX:Flags=/app/jvm.flags", "-jar", "/app/azmon-rw-proxy.jar"]
