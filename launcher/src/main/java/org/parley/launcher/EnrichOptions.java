package org.parley.launcher;

import java.nio.file.Files;
import java.nio.file.Path;
import org.parley.enrich.Enricher;
import picocli.CommandLine.Option;

/** How enrich is configured: the user's actors over the bundled dictionary. */
final class EnrichOptions {

    @Option(names = "--actors", paramLabel = "FILE",
            description = "A YAML actor file laid over the bundled dictionary (same shape as parley/enrich/actors.yaml): "
                    + "its parties and actors replace bundled ones of the same code or name, the rest are added.")
    Path actors;

    Enricher enricher() {
        if (actors != null && !Files.isRegularFile(actors)) {
            throw new Parley.UsageError("no such actors file: " + actors);
        }
        try {
            return Enricher.withActors(actors);
        } catch (IllegalArgumentException e) {
            throw new Parley.UsageError(e.getMessage());
        }
    }
}
