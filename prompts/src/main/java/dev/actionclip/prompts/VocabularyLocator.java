package dev.actionclip.prompts;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;

/**
 * Where {@link ClipTokenizer#find} looks for a vocabulary, in order, and how it reads what it finds:
 * <ol>
 *   <li>the vocabulary the caller names ({@code --vocab}, {@code ActionRecognizer.Builder.vocab});
 *   <li>{@code $ACTIONCLIP_VOCAB};
 *   <li>the model's folder: a Hugging Face {@code vocab.json} + {@code merges.txt} pair, else OpenAI's
 *       {@code bpe_simple_vocab_16e6.txt.gz} beside the checkpoint;
 *   <li>the copy of OpenAI's file bundled in this jar ({@link BundledVocabulary}).
 * </ol>
 * A vocabulary that is named (1, 2) but missing is an error, never a silent fall-back to the bundled one.
 */
final class VocabularyLocator {
    static final String OPENAI_FILE = "bpe_simple_vocab_16e6.txt.gz";
    static final String ENV = "ACTIONCLIP_VOCAB";

    private VocabularyLocator() {
    }

    static ClipTokenizer find(Path modelPath, Path override, String env) throws IOException {
        List<String> looked = new ArrayList<>();
        if (override != null) {
            return explicit(override, "--vocab " + override, looked);
        }
        if (env != null && !env.isBlank()) {
            return explicit(Paths.get(env), ENV + "=" + env, looked);
        }
        if (modelPath != null) {
            Path dir = Files.isDirectory(modelPath) ? modelPath : modelPath.toAbsolutePath().getParent();
            if (dir != null) {
                ClipTokenizer t = inFolder(dir, looked);
                if (t != null) {
                    return t;
                }
            }
        }
        return ClipTokenizer.bundled();
    }

    /** A path the user named: a folder, OpenAI's .gz, or one of vocab.json/merges.txt. */
    private static ClipTokenizer explicit(Path p, String origin, List<String> looked) throws IOException {
        if (Files.isDirectory(p)) {
            ClipTokenizer t = inFolder(p, looked);
            if (t != null) {
                return t;
            }
            throw notFound(origin, looked);
        }
        if (!Files.isRegularFile(p)) {
            throw new IllegalArgumentException("vocabulary not found: " + origin + " does not exist");
        }
        String name = p.getFileName().toString();
        if (name.endsWith(".gz")) {
            return ClipTokenizer.fromOpenAiGzip(p);
        }
        if (name.equals("vocab.json") || name.equals("merges.txt")) {
            return ClipTokenizer.fromHuggingFace(p.toAbsolutePath().getParent());
        }
        throw new IllegalArgumentException("unrecognised vocabulary " + origin + ": expected OpenAI's "
                + OPENAI_FILE + " (gzip), or a folder or file of a vocab.json + merges.txt pair");
    }

    private static ClipTokenizer inFolder(Path dir, List<String> looked) throws IOException {
        Path vocab = dir.resolve("vocab.json");
        Path merges = dir.resolve("merges.txt");
        if (Files.isRegularFile(vocab) && Files.isRegularFile(merges)) {
            return ClipTokenizer.fromHuggingFace(dir);
        }
        looked.add(vocab + " + " + merges);
        Path gz = dir.resolve(OPENAI_FILE);
        if (Files.isRegularFile(gz)) {
            return ClipTokenizer.fromOpenAiGzip(gz);
        }
        looked.add(gz.toString());
        return null;
    }

    private static IllegalArgumentException notFound(String origin, List<String> looked) {
        return new IllegalArgumentException("no CLIP vocabulary in " + origin + "; looked for: "
                + String.join(", ", looked) + ". Name OpenAI's " + OPENAI_FILE + " or a Hugging Face folder with "
                + "vocab.json and merges.txt, or name none (no --vocab, no " + ENV + ") to use the bundled "
                + OPENAI_FILE);
    }
}
