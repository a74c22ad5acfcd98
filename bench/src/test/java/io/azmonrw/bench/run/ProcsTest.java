package io.azmonrw.bench.run;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ProcsTest {

  @Test
  void ownProcessHasCpuTimeAndRss() {
    long pid = ProcessHandle.current().pid();
    assertThat(Procs.cpuSeconds(pid)).isGreaterThan(0);
    assertThat(Procs.statusKib(pid, "VmRSS")).isGreaterThan(0);
    assertThat(Procs.statusKib(pid, "NoSuchField")).isEqualTo(-1);
  }
}
