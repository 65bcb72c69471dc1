package org.parley.launcher;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.Callable;
import org.parley.enrich.Enricher;
import org.parley.enrich.attribution.Discourse;
import org.parley.ingest.extract.TextDocument;
import org.parley.ingest.split.Sentence;
import org.parley.ingest.split.StatementSplitter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Runs ingest's splitting and enrich on text files, offline, and prints one JSON line per
 * statement. Its output is the contract that {@code shared/eval/score.py} reads.
 */
@Command(name = "analyze", mixinStandardHelpOptions = true,
        description = {
                "Split plain UTF-8 text files into statements and enrich them, with no Kafka.",
                "Prints one JSON line per statement: source, start, end (UTF-16 offsets into the file), "
                        + "text, kind, speaker, party, stance (OPEN, CONDITIONAL, CLOSED, NONE), score, cues.",
                "A leading block of '# key: value' lines followed by a blank line is metadata, not text "
                        + "('# date: YYYY-MM-DD' is the publication date)."})
final class AnalyzeCommand implements Callable<Integer> {

    @Parameters(arity = "1..*", paramLabel = "FILE", description = "Text files to analyze; '-' reads standard input.")
    List<String> files;

    @Option(names = "--published", paramLabel = "YYYY-MM-DD",
            description = "Publication date for files whose header gives none (default: today).")
    LocalDate published;

    @Spec
    CommandSpec spec;

    private final ObjectMapper json = new ObjectMapper();

    @Override
    public Integer call() throws IOException {
        StatementSplitter splitter = new StatementSplitter();
        Enricher enricher = Enricher.bundled();
        PrintWriter out = spec.commandLine().getOut();
        for (String file : files) {
            String content = read(file);
            TextDocument doc = TextDocument.parse(content);
            LocalDate date = doc.date() != null ? doc.date() : published != null ? published : LocalDate.now();
            Discourse discourse = new Discourse();
            for (Sentence s : splitter.split(doc.body())) {
                Enricher.Result r = enricher.enrich(s.text(), date, s.kind(), discourse);
                ObjectNode line = json.createObjectNode();
                line.put("source", file);
                line.put("start", doc.bodyOffset() + s.start());
                line.put("end", doc.bodyOffset() + s.end());
                line.put("text", s.text());
                line.put("kind", s.kind().name());
                line.put("speaker", r.speaker());
                line.put("party", r.party());
                line.put("stance", r.stance().name());
                if (r.score() == null) {
                    line.putNull("score");
                } else {
                    line.put("score", r.score());
                }
                line.putArray("cues").addAll(r.cues().stream().map(json.getNodeFactory()::textNode).toList());
                out.println(json.writeValueAsString(line));
            }
            out.flush();
        }
        out.flush();
        return 0;
    }

    private static String read(String file) throws IOException {
        try {
            byte[] bytes = file.equals("-") ? System.in.readAllBytes() : Files.readAllBytes(Path.of(file));
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .decode(java.nio.ByteBuffer.wrap(bytes)).toString();
        } catch (NoSuchFileException e) {
            throw new Parley.UsageError("no such file: " + file);
        } catch (CharacterCodingException e) {
            throw new Parley.UsageError(file + " is not UTF-8 text");
        }
    }
}
