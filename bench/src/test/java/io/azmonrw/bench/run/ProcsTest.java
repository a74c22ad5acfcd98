package io.azmonrw.bench.run;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ProcsTest {

  @Test
  void cpuTicksAreUtimePlusStimeEvenWhenTheCommandHasSpacesAndParens() {
    // fields per proc(5): pid (comm) state ppid pgrp session tty_nr tpgid flags minflt cminflt majflt cmajflt utime stime ...
    String stat = "4242 (java (main) x) S 1 4242 4242 0 -1 4194560 100 0 0 0 1234 567 8 9 20 0 30 0 100 0 0";
    assertThat(Procs.parseCpuTicks(stat)).isEqualTo(1234 + 567);
  }

  @Test
  void ownProcessHasCpuTimeAndRss() {
    long pid = ProcessHandle.current().pid();
    assertThat(Procs.cpuSeconds(pid)).isGreaterThan(0);
    assertThat(Procs.statusKib(pid, "VmRSS")).isGreaterThan(0);
    assertThat(Procs.statusKib(pid, "NoSuchField")).isEqualTo(-1);
  }
}
