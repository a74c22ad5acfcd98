# azmon-remote-write: build, test and run. See README.md.
MVN ?= mvn -B -ntp

.PHONY: build test clean deps

## build: the two runnable jars, proxy/target/azmon-rw-proxy.jar and webhook/target/azmon-rw-webhook.jar (with target/lib/)
build:
	$(MVN) -q package -DskipTests

## test: unit tests (surefire, *Test) and integration tests (failsafe, *IT) of every module
test: deps
	$(MVN) verify

## clean: remove build outputs
clean:
	$(MVN) -q clean

## deps: install the Debian packages the tests need (as root), or say which ones to install
deps:
	@scripts/ensure-deps.sh
