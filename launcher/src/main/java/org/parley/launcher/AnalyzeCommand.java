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
                        + "text, kind, speaker, party, stance (OPEN, CONDITIONAL, CLOSED, NONE), score, confidence (the stance model's probability, when it decided), cues, cameo, plover, "
                        + "conditions (topic, text, start, end).",
                "A leading block of '# key: value' lines followed by a blank line is metadata, not text "
                        + "('# date: YYYY-MM-DD' is the publication date)."})
final class AnalyzeCommand implements Callable<Integer> {

    @Parameters(arity = "1..*", paramLabel = "FILE", description = "Text files to analyze; '-' reads standard input.")
    List<String> files;

    @Option(names = "--published", paramLabel = "YYYY-MM-DD",
            description = "Publication date for files whose header gives none (default: today).")
    LocalDate published;

    @picocli.CommandLine.Mixin
    EnrichOptions enrich;

    @Spec
    CommandSpec spec;

    private final ObjectMapper json = new ObjectMapper();

    @Override
    public Integer call() throws IOException {
        Analyzer analyzer = new Analyzer(enrich.enricher());
        PrintWriter out = spec.commandLine().getOut();
        for (String file : files) {
            for (Analyzer.Row r : analyzer.analyze(read(file), published != null ? published : LocalDate.now())) {
                ObjectNode line = json.createObjectNode();
                line.put("source", file);
                line.put("start", r.start());
                line.put("end", r.end());
                line.put("text", r.text());
                line.put("kind", r.kind());
                line.put("speaker", r.speaker());
                line.put("party", r.party());
                line.put("stance", r.stance().name());
                if (r.score() == null) {
                    line.putNull("score");
                } else {
                    line.put("score", r.score());
                }
                if (r.confidence() != null) {
                    line.put("confidence", Math.round(r.confidence() * 10_000) / 10_000.0);
                }
                line.putArray("cues").addAll(r.cues().stream().map(json.getNodeFactory()::textNode).toList());
                line.put("cameo", r.cameo());
                line.put("plover", r.plover());
                var conditions = line.putArray("conditions");
                for (var c : r.conditions()) {
                    conditions.addObject().put("topic", c.topic()).put("text", c.text())
                            .put("start", r.start() + c.start()).put("end", r.start() + c.end());
                }
                out.println(json.writeValueAsString(line));
            }
            out.flush();
        }
        return 0;
    }

    static String read(String file) throws IOException {
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
