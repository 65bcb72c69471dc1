package org.parley.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.parley.ingest.extract.TextDocument;
import org.parley.ingest.split.Sentence;
import org.parley.ingest.split.StatementSplitter;

/** The benchmarks' input: the bodies of the training corpus's articles, real news text. */
final class Articles {

    private Articles() {
    }

    /** The article bodies of the {@code .txt} files in {@code dir}, in name order. */
    static List<String> bodies(String dir) {
        Path path = Path.of(dir);
        if (!Files.isDirectory(path)) {
            throw new IllegalArgumentException("no articles folder " + path.toAbsolutePath()
                    + ": run from the repository root, or give -p articles=DIR");
        }
        try (Stream<Path> files = Files.list(path)) {
            List<String> out = new ArrayList<>();
            for (Path f : files.filter(p -> p.toString().endsWith(".txt")).sorted().toList()) {
                out.add(TextDocument.parse(Files.readString(f, StandardCharsets.UTF_8)).body());
            }
            if (out.isEmpty()) {
                throw new IllegalArgumentException("no .txt articles in " + path.toAbsolutePath());
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The statements of the first articles, article by article, as ingest splits them: at least {@code limit} in all. */
    static List<List<Sentence>> statements(String dir, int limit) {
        StatementSplitter splitter = new StatementSplitter();
        List<List<Sentence>> out = new ArrayList<>();
        int n = 0;
        for (String body : bodies(dir)) {
            if (n >= limit) {
                break;
            }
            List<Sentence> article = splitter.split(body);
            out.add(article);
            n += article.size();
        }
        return out;
    }
}
