package org.parley.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.parley.ingest.extract.TextDocument;
import org.parley.ingest.split.Sentence;
import org.parley.ingest.split.StatementSplitter;

/** The benchmarks' input: the bodies of the training corpus's articles, real news text. */
final class Articles {

    private Articles() {
    }

    /** The article bodies of the {@code .txt} files in {@code dir}, in name order. */
    static List<String> bodies(String dir) {
        try {
            return TextDocument.bodiesIn(Path.of(dir));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(e.getMessage() + " (run from the repository root, or give -p articles=DIR)", e);
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
