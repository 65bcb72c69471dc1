package org.parley.launcher;

import java.nio.file.Files;
import java.nio.file.Path;
import org.parley.enrich.Enricher;
import org.parley.enrich.model.StanceHead;
import picocli.CommandLine.Option;

/** How enrich is configured: the user's actors over the bundled dictionary, and the stance model. */
final class EnrichOptions {

    @Option(names = "--actors", paramLabel = "FILE",
            description = "A YAML actor file laid over the bundled dictionary (same shape as parley/enrich/actors.yaml): "
                    + "its parties and actors replace bundled ones of the same code or name, the rest are added.")
    Path actors;

    @Option(names = "--model", paramLabel = "FILE|none|bundled", defaultValue = "bundled",
            description = "The stance model: 'bundled' (default, trained on corpus/train), a file written by "
                    + "'parley train' (with the encoder file it was trained on beside it, if any), or 'none' for the rules alone.")
    String model;

    Enricher enricher() {
        if (actors != null && !Files.isRegularFile(actors)) {
            throw new Parley.UsageError("no such actors file: " + actors);
        }
        try {
            return Enricher.create(actors, head());
        } catch (IllegalArgumentException e) {
            throw new Parley.UsageError(e.getMessage());
        }
    }

    StanceHead head() {
        if (model == null || model.equals("bundled")) {
            return StanceHead.bundled();
        }
        if (model.equals("none")) {
            return null;
        }
        Path file = Path.of(model);
        if (!Files.isRegularFile(file)) {
            throw new Parley.UsageError("no such model file: " + model);
        }
        try {
            return StanceHead.load(file);
        } catch (IllegalArgumentException e) {
            throw new Parley.UsageError(e.getMessage());
        }
    }
}
