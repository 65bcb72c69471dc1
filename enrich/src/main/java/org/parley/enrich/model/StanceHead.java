package org.parley.enrich.model;

import de.bwaldvogel.liblinear.Feature;
import de.bwaldvogel.liblinear.Linear;
import de.bwaldvogel.liblinear.Model;
import de.bwaldvogel.liblinear.Parameter;
import de.bwaldvogel.liblinear.Problem;
import de.bwaldvogel.liblinear.SolverType;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.parley.avro.Stance;

/**
 * The learned part of stance: a multinomial-by-one-vs-rest L2-regularised logistic regression
 * (liblinear) over {@link StanceFeatures}, trained on labelled statements. It is small (a few
 * hundred kilobytes), trains in seconds on the JVM and is deterministic: the same examples and
 * settings give the same file.
 *
 * <p>File format: header lines {@code key value} (format, encoder, words, c, data, examples),
 * a line {@code liblinear}, then liblinear's own model text.
 */
public final class StanceHead {

    /** One labelled statement: its features and its gold stance. */
    public record Example(Feature[] features, Stance stance) {
    }

    /** The head's answer: the most probable stance and its probability. */
    public record Prediction(Stance stance, double confidence) {
    }

    /**
     * Training settings.
     *
     * @param wordBuckets hash buckets for word unigrams and bigrams, 0 for none
     * @param c           liblinear's C, the inverse of the regularisation strength
     * @param balanced    whether each stance weighs the same in training however rare it is
     */
    public record Settings(int wordBuckets, double c, boolean balanced) {
    }

    private static final String FORMAT = "parley-stance-head-1";
    private static final String BUNDLED = "parley/enrich/stance-head.txt";

    private final Model model;
    private final Settings settings;
    private final Map<String, String> header;
    private final String version;

    private StanceHead(Model model, Settings settings, Map<String, String> header, String version) {
        this.model = model;
        this.settings = settings;
        this.header = header;
        this.version = version;
    }

    /**
     * Trains a head on the examples, deterministically.
     *
     * @param dataHash identifies the training data; written into the file and so into {@code rulesVersion}
     */
    public static StanceHead train(List<Example> examples, Settings settings, String dataHash) {
        return train(examples, settings, dataHash, SentenceEncoder.NAME);
    }

    /** Trains a head on the vectors of the named encoder. */
    public static StanceHead train(List<Example> examples, Settings settings, String dataHash, String encoder) {
        if (examples.isEmpty()) {
            throw new IllegalArgumentException("no examples to train on");
        }
        Problem p = new Problem();
        p.l = examples.size();
        p.n = StanceFeatures.dimensions(settings.wordBuckets()) + 1;
        p.bias = 1;
        p.x = new Feature[p.l][];
        p.y = new double[p.l];
        for (int i = 0; i < p.l; i++) {
            p.x[i] = examples.get(i).features();
            p.y[i] = examples.get(i).stance().ordinal();
        }
        Linear.disableDebugOutput();
        Linear.resetRandom();
        Parameter parameter = new Parameter(SolverType.L2R_LR, settings.c(), 0.001);
        if (settings.balanced()) {
            int[] counts = new int[Stance.values().length];
            examples.forEach(e -> counts[e.stance().ordinal()]++);
            int present = (int) java.util.Arrays.stream(counts).filter(n -> n > 0).count();
            int[] labels = new int[present];
            double[] weights = new double[present];
            int i = 0;
            for (int k = 0; k < counts.length; k++) {
                if (counts[k] > 0) {
                    labels[i] = k;
                    weights[i++] = (double) examples.size() / (present * counts[k]);
                }
            }
            parameter.setWeights(weights, labels);
        }
        Model m = Linear.train(p, parameter);
        Map<String, String> header = new LinkedHashMap<>();
        header.put("format", FORMAT);
        header.put("encoder", encoder);
        header.put("words", Integer.toString(settings.wordBuckets()));
        header.put("c", Double.toString(settings.c()));
        header.put("balanced", Boolean.toString(settings.balanced()));
        header.put("data", dataHash);
        header.put("examples", Integer.toString(examples.size()));
        String text = write(m, header);
        return new StanceHead(m, settings, header, hash(text));
    }

    /** The head trained on the bundled corpus, shipped in the jar, or null when the jar has none. */
    public static StanceHead bundled() {
        try (InputStream in = StanceHead.class.getClassLoader().getResourceAsStream(BUNDLED)) {
            return in == null ? null : read(new String(in.readAllBytes(), StandardCharsets.UTF_8), BUNDLED);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + BUNDLED + ": " + e.getMessage(), e);
        }
    }

    /**
     * Reads a head file written by {@link #save}. A head trained on an encoder file (one
     * fine-tuned by {@code training/finetune.py}) finds it beside itself, as {@code NAME.onnx}.
     */
    public static StanceHead load(Path file) {
        try {
            String text = Files.readString(file, StandardCharsets.UTF_8);
            Matcher encoder = ENCODER_LINE.matcher(text);
            if (encoder.find() && !SentenceEncoder.knows(encoder.group(1))) {
                Path beside = file.toAbsolutePath().resolveSibling(encoder.group(1) + ".onnx");
                if (!Files.isRegularFile(beside)) {
                    throw new IllegalArgumentException("the model " + file + " reads the sentence encoder " + encoder.group(1)
                            + ": put " + encoder.group(1) + ".onnx beside it");
                }
                SentenceEncoder.fromFile(beside);
            }
            return read(text, file.toString());
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read model " + file + ": " + e.getMessage(), e);
        }
    }

    private static final Pattern ENCODER_LINE = Pattern.compile("(?m)^encoder (\\S+)$");

    private static StanceHead read(String text, String name) {
        Map<String, String> header = new LinkedHashMap<>();
        try (BufferedReader r = new BufferedReader(new java.io.StringReader(text))) {
            String line;
            while ((line = r.readLine()) != null && !line.equals("liblinear")) {
                int sp = line.indexOf(' ');
                if (sp > 0) {
                    header.put(line.substring(0, sp), line.substring(sp + 1).strip());
                }
            }
            if (!FORMAT.equals(header.get("format")) || line == null) {
                throw new IllegalArgumentException(name + " is not a Parley stance model (" + FORMAT + ")");
            }
            if (!SentenceEncoder.knows(header.get("encoder"))) {
                throw new IllegalArgumentException(name + " was trained on the sentence encoder " + header.get("encoder")
                        + ", which this Parley does not know");
            }
            Model m = Linear.loadModel((Reader) r);
            Settings s = new Settings(Integer.parseInt(header.getOrDefault("words", "0")),
                    Double.parseDouble(header.getOrDefault("c", "1")), Boolean.parseBoolean(header.getOrDefault("balanced", "false")));
            return new StanceHead(m, s, header, hash(text));
        } catch (IOException | RuntimeException e) {
            if (e instanceof IllegalArgumentException iae) {
                throw iae;
            }
            throw new IllegalArgumentException(name + " is not a readable stance model: " + e.getMessage(), e);
        }
    }

    /** Writes the head so that {@link #load} reads it back identically. */
    public void save(Path file) throws IOException {
        Files.writeString(file, write(model, header), StandardCharsets.UTF_8);
    }

    private static String write(Model m, Map<String, String> header) {
        StringWriter w = new StringWriter();
        header.forEach((k, v) -> w.append(k).append(' ').append(v).append('\n'));
        w.append("liblinear\n");
        try {
            Linear.saveModel(w, m);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return w.toString();
    }

    public Settings settings() {
        return settings;
    }

    /** The sentence encoder whose vectors the head reads. */
    public String encoder() {
        return header.get("encoder");
    }

    /** The training data's hash, as the training command gave it. */
    public String dataHash() {
        return header.getOrDefault("data", "");
    }

    /** A short hash of the whole file: part of {@code rulesVersion}. */
    public String version() {
        return version;
    }

    public Prediction predict(Feature[] features) {
        double[] p = new double[model.getNrClass()];
        int label = (int) Linear.predictProbability(model, features, p);
        int[] labels = model.getLabels();
        double confidence = 0;
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] == label) {
                confidence = p[i];
            }
        }
        return new Prediction(Stance.values()[label], confidence);
    }

    static String hash(String text) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

}
