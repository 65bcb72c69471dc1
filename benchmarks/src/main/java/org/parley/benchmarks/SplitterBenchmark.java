package org.parley.benchmarks;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;
import org.parley.ingest.split.Sentence;
import org.parley.ingest.split.StatementSplitter;

/**
 * Ingest's splitter on real articles: the time to split one article body into statements, the
 * articles taken in turn. The setup prints how many statements an article gives on average, to
 * turn the time per article into statements per second.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class SplitterBenchmark {

    @Param("corpus/train/articles")
    public String articles;

    private final StatementSplitter splitter = new StatementSplitter();
    private List<String> bodies;
    private int next;

    @Setup(Level.Trial)
    public void load() {
        bodies = Articles.bodies(articles);
        long statements = bodies.stream().mapToLong(b -> splitter.split(b).size()).sum();
        System.out.printf("%n%d articles, %.1f statements an article%n", bodies.size(), (double) statements / bodies.size());
    }

    @Benchmark
    public void splitArticle(Blackhole bh) {
        String body = bodies.get(next);
        next = (next + 1) % bodies.size();
        List<Sentence> out = splitter.split(body);
        bh.consume(out);
    }
}
