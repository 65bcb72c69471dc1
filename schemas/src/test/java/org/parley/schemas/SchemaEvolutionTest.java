package org.parley.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The build's guard against breaking consumers: every current schema must read every committed
 * version (backward) and be readable by it (forward). A schema change that breaks either fails
 * here; a compatible change must be committed as a new {@code <Name>.vN.avsc} history file.
 */
class SchemaEvolutionTest {

    static List<String> schemaNames() {
        return SchemaCatalog.CURRENT;
    }

    @ParameterizedTest
    @MethodSource("schemaNames")
    void currentSchemaIsBackwardAndForwardCompatibleWithEveryCommittedVersion(String name) {
        Schema current = SchemaCatalog.get().current(name);
        List<Schema> history = SchemaCatalog.get().history(name);
        assertThat(history).as("committed versions of %s under parley/avro-history/", name).isNotEmpty();
        for (int i = 0; i < history.size(); i++) {
            Schema old = history.get(i);
            assertThat(SchemaCompatibility.checkReaderWriterCompatibility(current, old).getType())
                    .as("%s: the current schema must read records written with v%d (backward)", name, i + 1)
                    .isEqualTo(SchemaCompatibilityType.COMPATIBLE);
            assertThat(SchemaCompatibility.checkReaderWriterCompatibility(old, current).getType())
                    .as("%s: v%d readers must read records written with the current schema (forward)", name, i + 1)
                    .isEqualTo(SchemaCompatibilityType.COMPATIBLE);
        }
    }

    @ParameterizedTest
    @MethodSource("schemaNames")
    void currentSchemaIsCommittedAsTheLatestHistoryVersion(String name) {
        List<Schema> history = SchemaCatalog.get().history(name);
        long latest = SchemaCatalog.fingerprint(history.get(history.size() - 1));
        assertThat(latest)
                .as("%s changed: add it as parley/avro-history/%s.v%d.avsc (self-contained) so readers know it",
                        name, name, history.size() + 1)
                .isEqualTo(SchemaCatalog.fingerprint(SchemaCatalog.get().current(name)));
    }

    @ParameterizedTest
    @MethodSource("schemaNames")
    void everyRecordAndFieldIsDocumented(String name) {
        assertDocumented(SchemaCatalog.get().current(name));
    }

    private static void assertDocumented(Schema record) {
        assertThat(record.getDoc()).as("doc of %s", record.getFullName()).isNotBlank();
        for (Schema.Field field : record.getFields()) {
            assertThat(field.doc()).as("doc of %s.%s", record.getName(), field.name()).isNotBlank();
            for (Schema branch : field.schema().isUnion() ? field.schema().getTypes() : List.of(field.schema())) {
                if (branch.getType() == Schema.Type.RECORD) {
                    assertDocumented(branch);
                }
            }
        }
    }

    @ParameterizedTest
    @MethodSource("schemaNames")
    void fingerprintsAreUnique(String name) {
        Map<Long, Schema> all = SchemaCatalog.get().byFingerprint();
        assertThat(all).containsKey(SchemaCatalog.fingerprint(SchemaCatalog.get().current(name)));
    }
}
