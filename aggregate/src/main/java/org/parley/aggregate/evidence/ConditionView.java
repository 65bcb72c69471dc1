package org.parley.aggregate.evidence;

/**
 * A condition a party stated for talks, with its evidence: the words that state it and the
 * statement they come from.
 *
 * @param topic        condition topic (territory, neutrality_nato...), from enrich's {@code conditions}
 * @param statementKey the statement's identity, so that copies of one statement count once
 */
public record ConditionView(String party, String topic, String text, String statementKey, String statement,
                            String speaker, String url, String publishedAt) {
}
