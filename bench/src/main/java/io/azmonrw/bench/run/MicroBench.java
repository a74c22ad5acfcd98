package io.azmonrw.bench.run;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/** Runs the JMH benchmarks in this module (one fork, short iterations) and returns their scores. */
public final class MicroBench {

  /** One benchmark's score: operations per second with its error. */
  public record Score(String benchmark, String params, double opsPerSecond, double error) {}

  private MicroBench() {}

  public static List<Score> run(String include, String jvmOptions) throws RunnerException {
    Options opts = new OptionsBuilder().include(include).forks(1).warmupIterations(3).warmupTime(TimeValue.seconds(1))
        .measurementIterations(5).measurementTime(TimeValue.seconds(1)).jvmArgs(jvmOptions.trim().split("\\s+")).shouldFailOnError(false).build();
    Collection<RunResult> results = new Runner(opts).run();
    List<Score> scores = new ArrayList<>();
    for (RunResult r : results) {
      String name = r.getParams().getBenchmark();
      StringBuilder params = new StringBuilder();
      for (String k : r.getParams().getParamsKeys()) {
        params.append(params.length() == 0 ? "" : ",").append(k).append('=').append(r.getParams().getParam(k));
      }
      scores.add(new Score(name.substring(name.lastIndexOf('.', name.lastIndexOf('.') - 1) + 1), params.toString(),
          r.getPrimaryResult().getScore(), r.getPrimaryResult().getScoreError()));
    }
    return scores;
  }
}
