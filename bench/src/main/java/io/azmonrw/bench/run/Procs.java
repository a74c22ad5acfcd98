package io.azmonrw.bench.run;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads a process's CPU time and memory from /proc (Linux), and finds free loopback ports. */
public final class Procs {

  /** USER_HZ: the unit of utime/stime in /proc/PID/stat; 100 on every Linux this runs on. */
  public static final double CLOCK_TICKS_PER_SECOND = 100.0;

  private Procs() {}

  /** utime + stime of {@code pid} in seconds. */
  public static double cpuSeconds(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
      return parseCpuTicks(stat) / CLOCK_TICKS_PER_SECOND;
    } catch (IOException e) {
      return Double.NaN;
    }
  }

  /** utime (field 14) + stime (field 15) of a /proc/PID/stat line; the command name may contain spaces. */
  static long parseCpuTicks(String stat) {
    String rest = stat.substring(stat.lastIndexOf(')') + 2);
    String[] f = rest.trim().split(" ");
    // rest starts at field 3 (state): field n is f[n - 3]
    return Long.parseLong(f[11]) + Long.parseLong(f[12]);
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
