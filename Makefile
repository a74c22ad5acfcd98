# azmon-remote-write: build, test and run. See README.md.
MVN ?= mvn -B -ntp

.PHONY: build test clean deps format

## build: the two runnable jars, proxy/target/azmon-rw-proxy.jar and webhook/target/azmon-rw-webhook.jar (with target/lib/)
build:
	$(MVN) -q package -DskipTests

## test: unit tests (surefire, *Test) and integration tests (failsafe, *IT) of every module
test: deps
	$(MVN) verify

## format: apply the one Java formatter (Spotless, palantir-java-format) to every module; `make test` checks it
format:
	$(MVN) -q spotless:apply

## clean: remove build outputs
clean:
	$(MVN) -q clean

## deps: install the Debian packages the tests need (as root), or say which ones to install
deps:
	@scripts/ensure-deps.sh

IMAGE_REGISTRY ?= ghcr.io/azmon-rw
IMAGE_TAG ?= 0.1.0
BASE_IMAGE ?= eclipse-temurin:17-jre
export IMAGE_REGISTRY IMAGE_TAG
.PHONY: images images-check docker-images certs

## images: both images as multi-platform OCI archives (linux/amd64 + linux/arm64) in images/target/oci, built from
## Debian's packages without a container engine, then checked (and the amd64 image run); see README "Container images"
images: build
	images/oci.sh build

## images-check: inspect (and, where possible, run) the archives `make images` wrote
images-check:
	images/oci.sh check

## docker-images: the same two images with docker or podman from images/*.Dockerfile (skipped with a message when no engine runs)
docker-images: build
	BASE_IMAGE=$(BASE_IMAGE) images/build.sh

## certs: CA + serving certificate for the self-signed overlay (certs/webhook-certs.sh generate)
certs:
	certs/webhook-certs.sh generate

.PHONY: demo standins
## demo: the whole product on this machine, no cloud account (DEMO_SECONDS=30; Ctrl-C stops it early)
demo:
	e2e/demo.sh

## standins: run the Entra / managed identity / ingestion stand-ins, print URLs, trust store, proxy env
standins:
	testkit/standins.sh

.PHONY: chart
## chart: the Helm chart, linted and packaged into charts/target/azmon-remote-write-<version>.tgz, and its default
## rendering in charts/target/rendered.yaml (Helm through helm-java: no helm binary needed)
chart:
	$(MVN) -q -pl charts -am -Pchart package -DskipTests

.PHONY: bench
## bench: proxy (the image's runtime when make images ran) vs nginx vs direct in alternating rounds, startup, sustained load, webhook, JMH; rewrites BENCHMARKS.md with medians, ranges and the goals table (under 20 min; never fails on a number)
bench:
	MVN="$(MVN)" bench/run.sh
