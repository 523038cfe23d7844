package dev.actionclip.prompts;

import dev.actionclip.formats.Json;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;

/**
 * A BPE vocabulary: token strings by id and the ranked merge list, with the pair-rank table the encoder
 * needs. Built from OpenAI's merges file, a Hugging Face {@code vocab.json} + {@code merges.txt} pair, or
 * just the 512 byte symbols (no merges) for models trained from scratch.
 */
final class Vocabulary {
    static final String END_OF_WORD = "</w>";
    /** CLIP reads merges from line 1 up to this line (exclusive) of its 16e6 file: 49152 - 256 - 2 + 1. */
    static final int OPENAI_MERGE_END = 49152 - 256 - 2 + 1;

    private final String[] tokens;
    private final Map<String, Integer> ids;
    private final int[] mergeLeft;
    private final int[] mergeRight;
    private final int[] mergeResult;
    private final PairRanks ranks;
    /** Symbol id of each byte value inside a word and at its end (with {@code </w>}). */
    private final int[] byteId = new int[256];
    private final int[] byteEndId = new int[256];
    private final int sot;
    private final int eot;

    private Vocabulary(String[] tokens, Map<String, Integer> ids, List<String[]> merges, String source,
                       int firstMergeLine) {
        this.tokens = tokens;
        this.ids = ids;
        for (int b = 0; b < 256; b++) {
            String c = String.valueOf(ByteEncoder.charOf(b));
            byteId[b] = require(c, source);
            byteEndId[b] = require(c + END_OF_WORD, source);
        }
        sot = require(PreTokenizer.SOT_TEXT, source);
        eot = require(PreTokenizer.EOT_TEXT, source);
        int n = merges.size();
        mergeLeft = new int[n];
        mergeRight = new int[n];
        mergeResult = new int[n];
        ranks = new PairRanks(n);
        for (int r = 0; r < n; r++) {
            String[] m = merges.get(r);
            mergeLeft[r] = require(m[0], source, firstMergeLine + r);
            mergeRight[r] = require(m[1], source, firstMergeLine + r);
            mergeResult[r] = require(m[0] + m[1], source, firstMergeLine + r);
            ranks.put(mergeLeft[r], mergeRight[r], r);
        }
    }

    /** {@link #require(String, String)} for a merge line, naming it only when the token is missing. */
    private int require(String token, String source, int line) {
        Integer id = ids.get(token);
        return id != null ? id : require(token, source + " line " + line);
    }

    private int require(String token, String where) {
        Integer id = ids.get(token);
        if (id == null) {
            throw new IllegalArgumentException(where + ": token '" + token + "' is not in the vocabulary");
        }
        return id;
    }

    /** The 512 byte symbols in CLIP's order: the 256 bytes, then the same with {@code </w>}. */
    private static List<String> byteSymbols() {
        List<String> v = new ArrayList<>(512);
        for (int k = 0; k < 256; k++) {
            v.add(String.valueOf(ByteEncoder.charOf(ByteEncoder.byteAt(k))));
        }
        for (int k = 0; k < 256; k++) {
            v.add(v.get(k) + END_OF_WORD);
        }
        return v;
    }

    /** Vocabulary from a token list in id order; a repeated token keeps its last id, like Python's dict(). */
    private static Vocabulary fromList(List<String> list, List<String[]> merges, String source, int firstLine) {
        Map<String, Integer> ids = new HashMap<>(list.size() * 2);
        for (int k = 0; k < list.size(); k++) {
            ids.put(list.get(k), k);
        }
        return new Vocabulary(list.toArray(new String[0]), ids, merges, source, firstLine);
    }

    static Vocabulary bytesOnly() {
        List<String> v = byteSymbols();
        v.add(PreTokenizer.SOT_TEXT);
        v.add(PreTokenizer.EOT_TEXT);
        return fromList(v, List.of(), "byte-level vocabulary", 0);
    }

    /** OpenAI's {@code bpe_simple_vocab_16e6.txt.gz}: a header line, then one merge ("a b") per line. */
    static Vocabulary fromOpenAiGzip(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return fromOpenAiGzip(in, file.toString());
        }
    }

    /** OpenAI's merges file read from {@code gzipped}, which is closed; {@code source} names it in errors. */
    static Vocabulary fromOpenAiGzip(InputStream gzipped, String source) throws IOException {
        List<String[]> merges = new ArrayList<>(OPENAI_MERGE_END);
        try (BufferedReader r = new BufferedReader(new InputStreamReader(
                new GZIPInputStream(gzipped, 1 << 16), StandardCharsets.UTF_8), 1 << 16)) {
            String header = r.readLine();
            if (header == null) {
                throw new IllegalArgumentException(source + ": empty merges file");
            }
            String line;
            for (int no = 1; no < OPENAI_MERGE_END && (line = r.readLine()) != null; no++) {
                merges.add(parseMerge(line, source, no + 1));
            }
        } catch (java.util.zip.ZipException e) {
            throw new IllegalArgumentException(source + ": not a gzip file (" + e.getMessage() + ")", e);
        }
        List<String> v = byteSymbols();
        for (String[] m : merges) {
            v.add(m[0] + m[1]);
        }
        v.add(PreTokenizer.SOT_TEXT);
        v.add(PreTokenizer.EOT_TEXT);
        return fromList(v, merges, source, 2);
    }

    /** A Hugging Face tokenizer folder: {@code vocab.json} (token → id) and {@code merges.txt}. */
    static Vocabulary fromHuggingFace(Path dir) throws IOException {
        Path vocabFile = dir.resolve("vocab.json");
        Path mergesFile = dir.resolve("merges.txt");
        Map<String, Object> json;
        try {
            json = Json.parseObject(Files.readString(vocabFile, StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(vocabFile + ": " + e.getMessage(), e);
        }
        int size = 0;
        Map<String, Integer> ids = new HashMap<>(json.size() * 2);
        for (Map.Entry<String, Object> e : json.entrySet()) {
            if (!(e.getValue() instanceof Long) || (Long) e.getValue() < 0 || (Long) e.getValue() > 10_000_000) {
                throw new IllegalArgumentException(vocabFile + ": id of '" + e.getKey() + "' is not a valid id");
            }
            int id = ((Long) e.getValue()).intValue();
            ids.put(e.getKey(), id);
            size = Math.max(size, id + 1);
        }
        String[] tokens = new String[size];
        for (Map.Entry<String, Integer> e : ids.entrySet()) {
            tokens[e.getValue()] = e.getKey();
        }
        List<String[]> merges = new ArrayList<>();
        List<String> lines = Files.readAllLines(mergesFile, StandardCharsets.UTF_8);
        int first = 1;
        for (int k = 0; k < lines.size(); k++) {
            String line = lines.get(k);
            if (k == 0 && line.startsWith("#version")) {
                first = 2;
                continue;
            }
            if (line.isBlank()) {
                continue;
            }
            merges.add(parseMerge(line, mergesFile.toString(), k + 1));
        }
        return new Vocabulary(tokens, ids, merges, mergesFile.toString(), first);
    }

    /** One merge line: two symbols separated by whitespace. The error message is built only on failure. */
    private static String[] parseMerge(String line, String source, int lineNo) {
        int space = line.indexOf(' ');
        if (space > 0 && space < line.length() - 1 && line.indexOf(' ', space + 1) < 0 && !hasOtherWhitespace(line)) {
            return new String[] {line.substring(0, space), line.substring(space + 1)};
        }
        String[] parts = line.trim().split("\\s+");
        if (parts.length != 2) {
            throw new IllegalArgumentException(source + " line " + lineNo
                    + ": expected two symbols separated by a space, got '" + line + "'");
        }
        return parts;
    }

    /** Whitespace other than ' ' as {@code \s} knows it (tab, line breaks, vertical tab, form feed). */
    private static boolean hasOtherWhitespace(String line) {
        for (int k = 0; k < line.length(); k++) {
            char c = line.charAt(k);
            if (c == '\t' || c == '\n' || c == '\u000B' || c == '\f' || c == '\r') {
                return true;
            }
        }
        return false;
    }

    int size() {
        return tokens.length;
    }

    /** The token string of {@code id}, or null when the id has none (a hole in a foreign vocab.json). */
    String token(int id) {
        return id >= 0 && id < tokens.length ? tokens[id] : null;
    }

    Integer id(String token) {
        return ids.get(token);
    }

    int mergeCount() {
        return mergeLeft.length;
    }

    /** Merge {@code rank} as its two symbol strings. */
    String[] merge(int rank) {
        return new String[] {tokens[mergeLeft[rank]], tokens[mergeRight[rank]]};
    }

    int rank(int left, int right) {
        return ranks.get(left, right);
    }

    int mergeLeft(int rank) {
        return mergeLeft[rank];
    }

    int mergeRight(int rank) {
        return mergeRight[rank];
    }

    int mergeResult(int rank) {
        return mergeResult[rank];
    }

    int byteId(int unsignedByte) {
        return byteId[unsignedByte];
    }

    int byteEndId(int unsignedByte) {
        return byteEndId[unsignedByte];
    }

    int sot() {
        return sot;
    }

    int eot() {
        return eot;
    }
}
