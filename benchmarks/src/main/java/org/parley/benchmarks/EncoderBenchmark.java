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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.parley.enrich.model.SentenceEncoder;
import org.parley.ingest.split.Sentence;

/**
 * The stance model's sentence encoder alone (tokenizer and ONNX Runtime, one thread), one
 * statement of real articles an operation: the main cost of enriching with the model.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(1)
public class EncoderBenchmark {

    @Param("corpus/train/articles")
    public String articles;

    @Param("3000")
    public int statements;

    private SentenceEncoder encoder;
    private List<String> texts;
    private int next;

    @Setup(Level.Trial)
    public void load() {
        texts = Articles.statements(articles, statements).stream().flatMap(List::stream).map(Sentence::text).toList();
        encoder = SentenceEncoder.bundled();
    }

    @TearDown(Level.Trial)
    public void close() throws Exception {
        encoder.close();
    }

    @Benchmark
    public float[] encode() {
        String text = texts.get(next);
        next = (next + 1) % texts.size();
        return encoder.encode(text);
    }
}
