package org.parley.enrich.model;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * An English sentence encoder run in process by ONNX Runtime. The bundled one is all-MiniLM-L6-v2
 * fine-tuned on Parley's stance corpus ({@code training/finetune.py}) and int8-quantized; the
 * published all-MiniLM-L6-v2 it starts from comes from its Maven jar (nothing is downloaded at run
 * time). A sentence becomes the mean of its token vectors, L2-normalised: 384 numbers that place
 * sentences of similar meaning, and after fine-tuning of similar stance, near each other, which
 * the stance head reads alongside the rules' cues.
 *
 * <p>Thread-safe: ONNX Runtime sessions and the tokenizer may be shared. One instance serves the
 * whole process ({@link #bundled()}); each call runs on the calling thread alone.
 */
public final class SentenceEncoder implements AutoCloseable {

    /** The bundled encoder's name, part of every trained head so that a head is never read with another encoder. */
    public static final String NAME = "parley-stance-minilm-q";
    /** The published all-MiniLM-L6-v2 (int8) that the bundled encoder was fine-tuned from. */
    public static final String BASE = "all-minilm-l6-v2-q";
    public static final int DIMENSIONS = 384;
    private static final int MAX_TOKENS = 128;

    /**
     * Encoders Parley knows how to run, when their ONNX file and tokenizer are on the classpath
     * ({@code NAME.onnx} and its tokenizer file): the text prefix each expects and whether it
     * pools by its first token rather than by the mean.
     */
    private record Spec(String prefix, boolean firstToken, String tokenizer) {
    }

    private static final Map<String, Spec> KNOWN = Map.of(
            NAME, new Spec("", false, BASE + "-tokenizer.json"),
            BASE, new Spec("", false, BASE + "-tokenizer.json"),
            "e5-small-v2-q", new Spec("query: ", false, "e5-small-v2-q-tokenizer.json"),
            "bge-small-en-v1.5-q", new Spec("", true, "bge-small-en-v1.5-q-tokenizer.json"));

    private static final Map<String, SentenceEncoder> LOADED = new java.util.concurrent.ConcurrentHashMap<>();

    private final String name;
    private final Spec spec;

    private final OrtEnvironment env;
    private final OrtSession session;
    private final HuggingFaceTokenizer tokenizer;
    private final boolean tokenTypes;
    private final String trainedOn;

    private SentenceEncoder(String name, Spec spec, byte[] model, InputStream tokenizerJson) throws OrtException, IOException {
        this.name = name;
        this.spec = spec;
        env = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(1);
            options.setInterOpNumThreads(1);
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            session = env.createSession(model, options);
        }
        tokenTypes = session.getInputNames().contains("token_type_ids");
        trainedOn = session.getMetadata().getCustomMetadata().get("parley.trained_on");
        tokenizer = HuggingFaceTokenizer.newInstance(tokenizerJson,
                Map.of("padding", "false", "truncation", "true", "maxLength", Integer.toString(MAX_TOKENS)));
    }

    /** The encoder shipped in the jar, loaded once per process (about half a second). */
    public static SentenceEncoder bundled() {
        return named(NAME);
    }

    /** An encoder by name, loaded once per process; a one-line error when it is unknown or not on the classpath. */
    public static SentenceEncoder named(String name) {
        Spec spec = KNOWN.get(name);
        if (spec == null && LOADED.containsKey(name)) {
            return LOADED.get(name);
        }
        if (spec == null) {
            throw new IllegalArgumentException("unknown sentence encoder " + name + " (known: " + new java.util.TreeSet<>(KNOWN.keySet()) + ")");
        }
        return LOADED.computeIfAbsent(name, n -> load(n, spec));
    }

    private static SentenceEncoder load(String name, Spec spec) {
        ClassLoader cl = SentenceEncoder.class.getClassLoader();
        try (InputStream model = cl.getResourceAsStream(name + ".onnx");
             InputStream tokens = cl.getResourceAsStream(spec.tokenizer())) {
            if (model == null || tokens == null) {
                throw new IllegalArgumentException("the sentence encoder " + name + " is not on the classpath");
            }
            return new SentenceEncoder(name, spec, model.readAllBytes(), tokens);
        } catch (IOException | OrtException e) {
            throw new IllegalStateException("cannot load the sentence encoder " + name + ": " + e.getMessage(), e);
        }
    }

    /**
     * An encoder of the all-MiniLM-L6-v2 architecture from an ONNX file, such as one fine-tuned by
     * {@code training/finetune.py}: mean-pooled, read with the tokenizer file beside it
     * ({@code NAME-tokenizer.json}) or else the bundled encoder's. It is known by its file name
     * without {@code .onnx} for the rest of the process, so that a head trained on it finds it.
     */
    public static SentenceEncoder fromFile(Path onnx) {
        if (!Files.isRegularFile(onnx)) {
            throw new IllegalArgumentException("no such encoder file: " + onnx);
        }
        String file = onnx.getFileName().toString();
        String name = file.endsWith(".onnx") ? file.substring(0, file.length() - 5) : file;
        if (KNOWN.containsKey(name)) {
            throw new IllegalArgumentException("the encoder file " + onnx + " has the name of a bundled encoder; rename it");
        }
        return LOADED.computeIfAbsent(name, n -> {
            Spec spec = KNOWN.get(BASE);
            Path tokens = onnx.resolveSibling(n + "-tokenizer.json");
            try (InputStream t = Files.isRegularFile(tokens) ? Files.newInputStream(tokens)
                    : SentenceEncoder.class.getClassLoader().getResourceAsStream(spec.tokenizer())) {
                return new SentenceEncoder(n, spec, Files.readAllBytes(onnx), t);
            } catch (IOException | OrtException e) {
                throw new IllegalArgumentException("cannot load the sentence encoder " + onnx + ": " + e.getMessage(), e);
            }
        });
    }

    /** Whether Parley knows how to run the named encoder: a bundled name (its files may still be missing) or a file loaded here. */
    public static boolean knows(String name) {
        return KNOWN.containsKey(name) || LOADED.containsKey(name);
    }

    public String name() {
        return name;
    }

    /**
     * The hash of the labelled data this encoder was fine-tuned on ({@code training/finetune.py}
     * records it, as {@code ./parley train} computes it), or null for an encoder as published.
     */
    public String trainedOn() {
        return trainedOn;
    }

    /** The token ids the encoder reads for a text (with its prefix, truncated as in {@link #encode}). */
    public long[] tokenIds(String text) {
        return tokenizer.encode(spec.prefix() + text).getIds();
    }

    /** The sentence's vector: mean of the token vectors over the attention mask, L2-normalised. */
    public float[] encode(String text) {
        Encoding enc = tokenizer.encode(spec.prefix() + text);
        long[] ids = enc.getIds();
        long[] mask = enc.getAttentionMask();
        long[][] idBatch = {ids};
        long[][] maskBatch = {mask};
        try (OnnxTensor idT = OnnxTensor.createTensor(env, idBatch);
             OnnxTensor maskT = OnnxTensor.createTensor(env, maskBatch);
             OnnxTensor typeT = OnnxTensor.createTensor(env, new long[1][ids.length]);
             OrtSession.Result out = session.run(tokenTypes
                     ? Map.of("input_ids", idT, "attention_mask", maskT, "token_type_ids", typeT)
                     : Map.of("input_ids", idT, "attention_mask", maskT))) {
            float[][] tokens = ((float[][][]) out.get(0).getValue())[0];
            return spec.firstToken() ? meanPooled(new float[][] {tokens[0]}, new long[] {1}) : meanPooled(tokens, mask);
        } catch (OrtException e) {
            throw new IllegalStateException("the sentence encoder failed: " + e.getMessage(), e);
        }
    }

    static float[] meanPooled(float[][] tokens, long[] mask) {
        int dims = tokens[0].length;
        float[] v = new float[dims];
        int n = 0;
        for (int t = 0; t < tokens.length; t++) {
            if (mask[t] == 0) {
                continue;
            }
            n++;
            for (int d = 0; d < dims; d++) {
                v[d] += tokens[t][d];
            }
        }
        double norm = 0;
        for (int d = 0; d < dims; d++) {
            v[d] /= Math.max(1, n);
            norm += v[d] * v[d];
        }
        float scale = norm == 0 ? 0 : (float) (1 / Math.sqrt(norm));
        for (int d = 0; d < dims; d++) {
            v[d] *= scale;
        }
        return v;
    }

    @Override
    public void close() throws OrtException {
        session.close();
        tokenizer.close();
    }
}
