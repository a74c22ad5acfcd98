package io.azmonrw.bench.run;

import io.azmonrw.bench.webhook.WebhookServerMain;
import io.azmonrw.common.Contract.ProxyEnv;
import io.azmonrw.testkit.IngestionStandIn;
import io.azmonrw.testkit.TestCa;
import io.azmonrw.testkit.TokenStandIn;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Command lines and configuration for the processes under test: our proxy, nginx and the webhook server. */
final class Launchers {

    private static final String JAVA =
            Path.of(System.getProperty("java.home"), "bin", "java").toString();

    private static final StandardCopyOption REPLACE = StandardCopyOption.REPLACE_EXISTING;

    private Launchers() {}

    /** The bench JVM's loopback peers: testkit's CA, its ingestion stand-in as a counting sink, its Entra stand-in. */
    record Peers(TestCa ca, IngestionStandIn sink, TokenStandIn token) {

        /** Path and query of the Azure-shaped ingestion URL the proxy is given; the direct and nginx paths post there too. */
        String writePath() {
            return sink.ingestionUrl("dcr-bench").substring(sink.baseUrl().length());
        }

        long tokensIssued() {
            return token.issuedTokens().size();
        }

        /** Waits up to 30 s until the stand-in has issued {@code atLeast} tokens. */
        boolean awaitTokens(long atLeast) {
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (tokensIssued() < atLeast && System.nanoTime() < deadline) {
                BenchMain.sleep(20);
            }
            return tokensIssued() >= atLeast;
        }
    }

    /** {@link #proxy} once it answers /ready and has fetched a token; null, with a problem noted, if it does not start. */
    static Forked readyProxy(BenchConfig cfg, Peers peers, List<String> extraJvm, String tag, List<String> problems) {
        long tokensBefore = peers.tokensIssued();
        Forked p = proxy(cfg, peers, extraJvm, tag);
        if (p.awaitHttp200("/ready", Duration.ofSeconds(60)) < 0) {
            problems.add("proxy (" + tag + ") did not become ready: " + p.tail(10));
            p.close();
            return null;
        }
        if (!peers.awaitTokens(tokensBefore + 1)) {
            problems.add("proxy (" + tag + ") fetched no token from the stand-in within 30 s: " + p.tail(10));
        }
        return p;
    }

    /**
     * Starts the proxy as the image runs it (its Entrypoint and Env through images/rootfs-run.sh, the memory limit and
     * {@code extraJvm} in JAVA_TOOL_OPTIONS as a container would get them) or, without an unpacked image, the host java
     * with the image's flags file; pointed at the sink and token stand-in. {@code extraJvm} may name files under "{tmp}",
     * the proxy's own writable directory.
     */
    static Forked proxy(BenchConfig cfg, Peers peers, List<String> extraJvm, String tag) {
        try {
            Path dir = Files.createDirectories(cfg.workDir().resolve("proxy/" + tag))
                    .toAbsolutePath();
            // the image's user (65532) writes its /tmp, which is this directory
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
            String tmp = cfg.imageDir() == null ? dir.toString() : "/tmp";
            // an opaque projected service-account token; the stand-in does not check it
            Files.writeString(
                    dir.resolve("federated-token"),
                    "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJzeXN0ZW06c2VydmljZWFjY291bnQ6bW9uaXRvcmluZzpwcm9tZXRoZXVzIn0.c2ln");
            Files.copy(peers.ca().caPem(), dir.resolve("ca.pem"), REPLACE);
            List<String> jvm = new ArrayList<>(List.of("-XX:ErrorFile=" + tmp + "/hs_err_pid%p.log"));
            // the JVM's trust store (for the Entra stand-in), copied where the proxy can read it
            for (String o : peers.ca().jvmTrustOptions()) {
                if (o.startsWith("-Djavax.net.ssl.trustStore=")) {
                    Files.copy(Path.of(o.substring(o.indexOf('=') + 1)), dir.resolve("trust.p12"), REPLACE);
                    o = "-Djavax.net.ssl.trustStore=" + tmp + "/trust.p12";
                }
                jvm.add(o);
            }
            extraJvm.forEach(o -> jvm.add(o.replace("{tmp}", tmp)));
            int port = Forked.freePort();
            Map<String, String> env = new HashMap<>();
            env.put(ProxyEnv.INGESTION_URL, peers.sink().ingestionUrl("dcr-bench"));
            env.put(ProxyEnv.LISTENING_PORT, Integer.toString(port));
            env.put(ProxyEnv.LISTEN_ADDRESS, "127.0.0.1");
            env.put(ProxyEnv.IDENTITY_TYPE, ProxyEnv.IDENTITY_TYPE_WORKLOAD);
            env.put(ProxyEnv.AZURE_CLIENT_ID, "11111111-2222-3333-4444-555555555555");
            env.put(ProxyEnv.AZURE_TENANT_ID, "66666666-7777-8888-9999-000000000000");
            env.put(ProxyEnv.AZURE_FEDERATED_TOKEN_FILE, tmp + "/federated-token");
            env.put(ProxyEnv.AZURE_AUTHORITY_HOST, peers.token().authorityHost());
            env.put(ProxyEnv.CA_BUNDLE_FILE, tmp + "/ca.pem");
            env.put(ProxyEnv.CLUSTER, "bench");
            env.put(ProxyEnv.SHUTDOWN_GRACE, "2s");
            env.put("TMPDIR", tmp);
            // the V2 path measures forwarding remote write 2.0, which the proxy rejects by default
            env.put(ProxyEnv.UPSTREAM_RW2, "forward");
            List<String> cmd = new ArrayList<>();
            if (cfg.imageDir() == null) {
                cmd.add(JAVA);
                cmd.addAll(cfg.hostJvm(BenchConfig.PROXY_FLAGS));
                cmd.addAll(jvm);
                cmd.addAll(List.of("-jar", cfg.proxyJar().toAbsolutePath().toString()));
            } else {
                cmd.add(Path.of("images/rootfs-run.sh").toAbsolutePath().toString());
                cmd.add(cfg.imageDir().resolve("rootfs").toString());
                cmd.add(dir.toString());
                cmd.addAll(cfg.image("entrypoint"));
                for (String kv : cfg.image("env")) {
                    env.putIfAbsent(kv.substring(0, kv.indexOf('=')), kv.substring(kv.indexOf('=') + 1));
                }
                env.put("JAVA_TOOL_OPTIONS", "-XX:MaxRAM=" + cfg.memoryLimitMib() + "m " + String.join(" ", jvm));
            }
            return new Forked(cfg.proxyCpus(), cmd, env, port, dir.resolve("proxy.log"), cfg.imageDir() != null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Starts nginx with the module's nginx.conf (one process, TLS to the sink, a fixed Authorization header). */
    static Forked nginx(BenchConfig cfg, Peers peers) {
        try (InputStream in = Launchers.class.getResourceAsStream("/nginx.conf")) {
            Path dir = cfg.workDir().resolve("nginx").toAbsolutePath();
            Files.createDirectories(dir.resolve("logs"));
            int port = Forked.freePort();
            String conf = new String(in.readAllBytes(), StandardCharsets.UTF_8)
                    .replace("${SINK_PORT}", Integer.toString(peers.sink().port()))
                    .replace("${PORT}", Integer.toString(port))
                    .replace("${CA}", peers.ca().caPem().toAbsolutePath().toString());
            Path confFile = Files.writeString(dir.resolve("nginx.conf"), conf);
            List<String> cmd = List.of(cfg.nginxBinary(), "-p", dir.toString(), "-c", confFile.toString());
            return new Forked(cfg.proxyCpus(), cmd, Map.of(), port, dir.resolve("logs/stdout.log"), false);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The webhook's /mutate route on HTTPS {@code port} in a JVM with the webhook image's flags file and the chart's memory limit. */
    static Forked webhook(BenchConfig cfg, TestCa ca, int port) {
        int readyPort = Forked.freePort();
        List<String> cmd = List.of(
                JAVA,
                "-XX:Flags=" + BenchConfig.WEBHOOK_FLAGS.toAbsolutePath(),
                cfg.webhookMaxRam(),
                "-cp",
                Path.of("bench/target/azmon-rw-bench.jar").toAbsolutePath().toString(),
                WebhookServerMain.class.getName(),
                ca.serverCertPem().toAbsolutePath().toString(),
                ca.serverKeyPem().toAbsolutePath().toString(),
                Integer.toString(port),
                Integer.toString(readyPort));
        return new Forked(
                cfg.proxyCpus(), cmd, Map.of(), readyPort, cfg.workDir().resolve("webhook.log"), false);
    }
}
