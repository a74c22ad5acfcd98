package io.azmonrw.bench.run;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** Command lines and configuration for the two processes under test: our proxy and nginx. */
public final class Launchers {

  private Launchers() {}

  /** Starts the proxy jar with the image's JVM options plus {@code extraJvm}, pointed at the sink and token stand-in. */
  public static Forked proxy(BenchConfig cfg, int sinkPort, int tokenPort, List<String> extraJvm, String tag) {
    return proxy(cfg, cfg.jvmOptions(), Map.of(), sinkPort, tokenPort, extraJvm, tag);
  }

  /** As above with other JVM options and extra environment (e.g. MALLOC_ARENA_MAX). */
  public static Forked proxy(BenchConfig cfg, String jvmOptions, Map<String, String> extraEnv, int sinkPort, int tokenPort,
      List<String> extraJvm, String tag) {
    try {
      Path dir = Files.createDirectories(cfg.workDir().resolve("proxy"));
      Path federated = dir.resolve("federated-token");
      // an opaque projected service-account token; the stand-in does not check it
      Files.writeString(federated, "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJzeXN0ZW06c2VydmljZWFjY291bnQ6bW9uaXRvcmluZzpwcm9tZXRoZXVzIn0.c2ln");
      int port = Procs.freePort();
      List<String> cmd = new ArrayList<>();
      cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
      cmd.addAll(Arrays.asList(jvmOptions.trim().split("\\s+")));
      cmd.add("-Djavax.net.ssl.trustStore=" + cfg.trustStore().toAbsolutePath());
      cmd.add("-Djavax.net.ssl.trustStorePassword=" + cfg.trustStorePassword());
      cmd.add("-Djavax.net.ssl.trustStoreType=PKCS12");
      // a JVM crash report goes with the run's files, not into the working tree
      cmd.add("-XX:ErrorFile=" + dir.toAbsolutePath().resolve("hs_err_pid%p.log"));
      cmd.addAll(extraJvm);
      cmd.add("-jar");
      cmd.add(cfg.proxyJar().toAbsolutePath().toString());
      Map<String, String> env = new java.util.HashMap<>();
      env.put("INGESTION_URL", "https://127.0.0.1:" + sinkPort + "/dataCollectionRules/dcr-bench/streams/Microsoft-PrometheusMetrics/api/v1/write?api-version=2023-04-24");
      env.put("LISTENING_PORT", Integer.toString(port));
      env.put("LISTEN_ADDRESS", "127.0.0.1");
      env.put("IDENTITY_TYPE", "workloadIdentity");
      env.put("AZURE_CLIENT_ID", "11111111-2222-3333-4444-555555555555");
      env.put("AZURE_TENANT_ID", "66666666-7777-8888-9999-000000000000");
      env.put("AZURE_FEDERATED_TOKEN_FILE", federated.toAbsolutePath().toString());
      env.put("AZURE_AUTHORITY_HOST", "https://127.0.0.1:" + tokenPort);
      env.put("CA_BUNDLE_FILE", cfg.certPem().toAbsolutePath().toString());
      env.put("CLUSTER", "bench");
      // the V2 phase measures forwarding remote write 2.0, which the proxy rejects by default (UPSTREAM_RW2)
      env.put("UPSTREAM_RW2", "forward");
      env.put("SHUTDOWN_GRACE", "2s");
      env.put("TMPDIR", dir.toAbsolutePath().toString());
      env.putAll(extraEnv);
      return Forked.start("proxy", cfg.proxyCpus(), cmd, env, port, dir.resolve("proxy-" + tag + ".log"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Starts nginx as one process (no master, one worker's work) reverse-proxying to the sink over TLS with a fixed
   * Authorization header, keep-alive upstream connections and bodies buffered in memory: the same work as our
   * proxy minus decoding and token handling.
   */
  public static Forked nginx(BenchConfig cfg, int sinkPort) {
    try {
      Path dir = Files.createDirectories(cfg.workDir().resolve("nginx").toAbsolutePath());
      Files.createDirectories(dir.resolve("logs"));
      int port = Procs.freePort();
      String conf = String.join("\n",
          "daemon off;",
          "master_process off;",
          "worker_processes 1;",
          "pid " + dir.resolve("nginx.pid") + ";",
          "error_log " + dir.resolve("logs/error.log") + " warn;",
          "events { worker_connections 1024; }",
          "http {",
          "  access_log off;",
          "  client_body_temp_path " + dir.resolve("body") + ";",
          "  proxy_temp_path " + dir.resolve("proxy") + ";",
          "  fastcgi_temp_path " + dir.resolve("fastcgi") + ";",
          "  uwsgi_temp_path " + dir.resolve("uwsgi") + ";",
          "  scgi_temp_path " + dir.resolve("scgi") + ";",
          "  client_max_body_size 32m;",
          "  client_body_buffer_size 1m;",
          "  keepalive_requests 100000;",
          "  upstream sink {",
          "    server 127.0.0.1:" + sinkPort + ";",
          "    keepalive 64;",
          "  }",
          "  server {",
          "    listen 127.0.0.1:" + port + ";",
          "    location = /ready { return 200 'ok'; }",
          "    location / {",
          "      proxy_pass https://sink;",
          "      proxy_http_version 1.1;",
          "      proxy_set_header Connection \"\";",
          "      proxy_set_header Authorization \"Bearer fixed-benchmark-token\";",
          "      proxy_ssl_trusted_certificate " + cfg.certPem().toAbsolutePath() + ";",
          "      proxy_ssl_verify on;",
          "      proxy_ssl_name localhost;",
          "      proxy_ssl_session_reuse on;",
          "      proxy_request_buffering on;",
          "    }",
          "  }",
          "}",
          "");
      Path confFile = dir.resolve("nginx.conf");
      Files.writeString(confFile, conf);
      List<String> cmd = List.of(cfg.nginxBinary(), "-p", dir.toString(), "-c", confFile.toString());
      return Forked.start("nginx", cfg.proxyCpus(), cmd, Map.of(), port, dir.resolve("logs/stdout.log"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
