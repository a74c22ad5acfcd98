# The admission webhook. Build context: webhook/ after `mvn package` (thin jar + target/lib), e.g.
#   docker build -f images/webhook.Dockerfile -t azmon-rw-webhook:dev webhook
# BASE_IMAGE: any Java 17+ runtime with `java` on PATH, e.g. gcr.io/distroless/java17-debian12:nonroot.
ARG BASE_IMAGE=eclipse-temurin:17-jre
FROM ${BASE_IMAGE}

COPY target/lib/ /app/lib/
COPY target/azmon-rw-webhook.jar /app/azmon-rw-webhook.jar

# Read-only root filesystem: only /tmp is writable. The heap follows the container limit; SerialGC suits a small
# heap on a shared node. Setting JAVA_TOOL_OPTIONS on the container replaces these defaults.
ENV HOME=/tmp \
    JAVA_TOOL_OPTIONS="-Djava.io.tmpdir=/tmp -Duser.home=/tmp -XX:MaxRAMPercentage=70 -XX:+UseSerialGC -XX:+ExitOnOutOfMemoryError"

USER 65532:65532
EXPOSE 8443 9440
ENTRYPOINT ["java", "-jar", "/app/azmon-rw-webhook.jar"]
