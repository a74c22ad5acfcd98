package io.azmonrw.bench.run;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;

/** A process's CPU time and memory (/proc, Linux), and free loopback ports. */
public final class Procs {

  private Procs() {}

  /** User + system CPU time of {@code pid} in seconds (the JDK reads it from /proc/PID/stat), NaN if unknown. */
  public static double cpuSeconds(long pid) {
    return ProcessHandle.of(pid).flatMap(h -> h.info().totalCpuDuration()).map(d -> d.toNanos() / 1e9).orElse(Double.NaN);
  }

  /** A field such as VmRSS or VmHWM of /proc/PID/status, in KiB, or -1. */
  public static long statusKib(long pid, String field) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
        if (line.startsWith(field + ":")) {
          return Long.parseLong(line.substring(field.length() + 1).trim().split("\\s+")[0]);
        }
      }
    } catch (IOException | RuntimeException e) {
      return -1;
    }
    return -1;
  }

  public static double rssMib(long pid) {
    return statusKib(pid, "VmRSS") / 1024.0;
  }

  public static double peakRssMib(long pid) {
    return statusKib(pid, "VmHWM") / 1024.0;
  }

  /**
   * A loopback port that was free a moment ago, for the processes (nginx, the forked proxy) that cannot report
   * the port they bound when asked for port 0.
   */
  public static int freePort() {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
