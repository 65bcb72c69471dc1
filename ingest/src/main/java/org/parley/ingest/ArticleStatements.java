package org.parley.ingest;

import java.util.ArrayList;
import java.util.List;
import org.parley.avro.Article;
import org.parley.avro.Statement;
import org.parley.ingest.split.Sentence;
import org.parley.ingest.split.StatementSplitter;

/** Turns an article into its statements, with offsets into the article text. */
public final class ArticleStatements {

    private final StatementSplitter splitter;

    public ArticleStatements(StatementSplitter splitter) {
        this.splitter = splitter;
    }

    public List<Statement> of(Article article) {
        List<Sentence> sentences = splitter.split(article.getText());
        List<Statement> out = new ArrayList<>(sentences.size());
        for (int i = 0; i < sentences.size(); i++) {
            Sentence s = sentences.get(i);
            out.add(Statement.newBuilder()
                    .setId(article.getId() + ":" + i)
                    .setArticleId(article.getId())
                    .setIndex(i)
                    .setText(s.text())
                    .setStart(s.start())
                    .setEnd(s.end())
                    .setParagraph(s.paragraph())
                    .setKind(s.kind())
                    .setPublishedAt(article.getPublishedAt())
                    .setSource(article.getSource())
                    .setUrl(article.getUrl())
                    .build());
        }
        return out;
    }
}
