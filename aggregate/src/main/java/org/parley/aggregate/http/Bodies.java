package org.parley.aggregate.http;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;
import java.util.Map;
import org.parley.web.Nullable;

/**
 * The JSON bodies of the aggregate's API, one record each: Jackson writes them, and the OpenAPI
 * description's schemas are made from them, so what is served and what is described are one.
 * Times are ISO-8601 instants; figures are rounded to three decimals.
 */
public final class Bodies {

    private Bodies() {
    }

    @Schema(description = "A party's current figures.")
    public record PartySummary(
            @Schema(description = "Party code (RUS, UKR...)") String code,
            @Schema(description = "Statements with a stance counted for the party") long statements,
            @Schema(description = "Mean score of all its statements, in [-1, 1]") double meanScore,
            @Schema(description = "OPENING, MIXED or CLOSING, from the mean") String direction,
            @Schema(description = "The openness index: score mean decayed by age, in [-1, 1]") double index,
            @Schema(description = "Half-width of the index's uncertainty band") double band,
            @Schema(description = "The slow baseline the index is compared with") double baseline,
            @Schema(description = "Statements the index rests on, after decay") double effectiveStatements,
            long open, long conditional, long closed,
            String firstStatementAt, String lastStatementAt,
            @Nullable String lastSpeaker, @Nullable String lastText) {
    }

    public record PartyList(List<PartySummary> parties,
                            @Schema(description = "Instances that did not answer: empty when the list is complete") List<String> incomplete) {
    }

    @Schema(description = "A party's figures with its windows, trend and latest evidence.")
    public record PartyDetail(@JsonUnwrapped PartySummary summary,
                              @Schema(description = "Each rolling window, ending at the time asked") Map<String, WindowFigures> windows,
                              Trend trend,
                              @Schema(description = "The latest statements, newest first") List<StatementBody> evidence) {
    }

    @Schema(description = "The statements of one rolling window.")
    public record WindowFigures(String from, String to, long statements, long open, long conditional, long closed,
                                @Nullable Double meanScore,
                                @Schema(description = "The speakers with most statements, and how far each pulls the mean") List<SpeakerPull> speakers,
                                @Schema(description = "The conditions stated, most stated first") List<Condition> conditions) {
    }

    public record SpeakerPull(@Nullable @Schema(description = "null for statements with no speaker") String speaker,
                              long statements, long open, long conditional, long closed, @Nullable Double meanScore,
                              @Nullable @Schema(description = "The window's mean minus its mean without this speaker") Double pull) {
    }

    public record Condition(@Schema(description = "territory, neutrality_nato, sanctions...") String topic,
                            @Schema(description = "Statements that state it, copies counted once") long statements,
                            String lastStatedAt, List<ConditionEvidence> evidence) {
    }

    public record ConditionEvidence(@Schema(description = "The words that state the condition") String text,
                                    @Schema(description = "The statement they come from") String statement,
                                    @Nullable String speaker, @Nullable String url, String publishedAt) {
    }

    @Schema(name = "Trend", description = "How the index moved over the last week.")
    public record Trend(String since, @Nullable Double indexThen, @Nullable Double indexNow, @Nullable Double change,
                        @Schema(description = "OPENING, STEADY or CLOSING, against the band") String direction) {
    }

    @Schema(name = "Statement", description = "One statement counted for a party; syndicated copies are one statement with several mentions.")
    public record StatementBody(String id, String party, @Nullable String speaker, @Nullable String speakerRole,
                                @Schema(description = "OPEN, CONDITIONAL or CLOSED") String stance,
                                @Schema(description = "In [-1, 1]") double score,
                                @Nullable @Schema(description = "The stance model's probability; null where the rules decided") Double confidence,
                                String text, @Nullable String url,
                                @Schema(description = "The feed or file of the first mention") String source,
                                @Schema(description = "When it was first carried") String publishedAt,
                                @Schema(description = "The words that decided the stance") List<String> cues,
                                @Schema(description = "Every outlet that carried it, earliest first") List<Mention> mentions) {
    }

    public record Mention(@Schema(description = "The outlet: the article's host, else the feed") String source,
                          @Nullable String url, String publishedAt) {
    }

    public record StatementList(List<StatementBody> statements, List<String> incomplete) {
    }

    @Schema(name = "Alert", description = "A shift in a party's stance, with the statement that made it.")
    public record AlertBody(String id, String party,
                            @Schema(description = "DIRECTION_CHANGE, BASELINE_SHIFT, ZERO_CROSSING, KEY_SPEAKER or OTHER") String kind,
                            String from, String to, double previousMean, double currentMean,
                            @Nullable Double previousIndex, @Nullable Double currentIndex, @Nullable Double baseline,
                            @Nullable Double band, @Nullable String sensitivity, String message,
                            @Schema(description = "The words of the statement that raised it") String statement,
                            @Nullable String speaker, @Nullable String speakerRole, @Nullable String stance,
                            @Nullable String url, String statementAt) {
    }

    public record AlertList(List<AlertBody> alerts, List<String> incomplete) {
    }

    @Schema(description = "A party's series for charts: one point per step.")
    public record History(String code, String from, String to,
                          @Schema(description = "ISO-8601 duration of a step") String step,
                          @Schema(description = "ISO-8601 half-life of the index") String halfLife,
                          List<HistoryPoint> points) {
    }

    public record HistoryPoint(String from, String to, long statements, long open, long conditional, long closed,
                               @Nullable Double meanScore,
                               @Nullable @Schema(description = "The index at the step's end; null before the first statement") Double index,
                               @Nullable @Schema(description = "Half-width of the index's 95% band at the step's end") Double band,
                               @Nullable @Schema(description = "The slow baseline at the step's end") Double baseline) {
    }
}
