# The admission webhook. For users who build with Docker or podman; `make images` builds the same image without an
# engine (README "Container images"). Build context: the repository root after `make build`, e.g.
#   docker build -f images/webhook.Dockerfile -t azmon-rw-webhook:dev .
# BASE_IMAGE: any Java 17+ runtime image with `java` on PATH and a /tmp, e.g. gcr.io/distroless/java17-debian12:nonroot.
ARG BASE_IMAGE=eclipse-temurin:17-jre
FROM ${BASE_IMAGE}

COPY webhook/target/lib/ /app/lib/
COPY webhook/target/azmon-rw-webhook.jar /app/azmon-rw-webhook.jar
# JVM defaults read through -XX:Flags: JAVA_TOOL_OPTIONS set on the container overrides any of them
COPY images/webhook.flags /app/jvm.flags

# fewer glibc malloc arenas: less native memory in a container with a small limit (the images `make images` builds set it too)
ENV MALLOC_ARENA_MAX=2
USER 65532:65532
WORKDIR /app
EXPOSE 8443 9440
ENTRYPOINT ["java", "-XX:Flags=/app/jvm.flags", "-jar", "/app/azmon-rw-webhook.jar"]
