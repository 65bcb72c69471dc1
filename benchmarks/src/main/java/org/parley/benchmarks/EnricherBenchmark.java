package org.parley.benchmarks;

import java.time.LocalDate;
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
import org.parley.enrich.Enricher;
import org.parley.enrich.attribution.Discourse;
import org.parley.ingest.split.Sentence;

/**
 * The enricher on the statements of real articles, one statement an operation, in article order
 * with a fresh discourse at each article as the enrich stage keeps it: the rules alone
 * ({@code enricher=rules}) and the shipped enricher with its stance model ({@code enricher=model}).
 * {@link EncoderBenchmark} times the model's main cost alone.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(1)
public class EnricherBenchmark {

    private static final LocalDate PUBLISHED = LocalDate.of(2025, 1, 1);

    @Param("corpus/train/articles")
    public String articles;

    @Param({"rules", "model"})
    public String enricher;

    /** How many statements of the corpus, from its first article on. */
    @Param("3000")
    public int statements;

    private Enricher subject;
    private List<List<Sentence>> corpus;
    private int article;
    private int sentence;
    private Discourse discourse;

    @Setup(Level.Trial)
    public void load() {
        corpus = Articles.statements(articles, statements);
        subject = switch (enricher) {
            case "rules" -> Enricher.rulesOnly();
            case "model" -> Enricher.bundled();
            default -> throw new IllegalArgumentException("enricher is rules or model, not " + enricher);
        };
        discourse = new Discourse();
    }

    /** The next statement, starting a new discourse at each article. */
    private Sentence next() {
        while (sentence >= corpus.get(article).size()) {
            sentence = 0;
            article = (article + 1) % corpus.size();
            discourse = new Discourse();
        }
        return corpus.get(article).get(sentence++);
    }

    @Benchmark
    public Object enrich() {
        Sentence s = next();
        return subject.enrich(s.text(), PUBLISHED, s.kind(), discourse);
    }
}
