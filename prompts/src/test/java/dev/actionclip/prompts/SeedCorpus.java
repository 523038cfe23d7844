package dev.actionclip.prompts;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import dev.actionclip.testsupport.SeedFiles;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The recipe of the prompts fuzz targets' seed corpora, written as {@code <TestClass>Inputs/<method>/seed-*} under
 * {@code src/test/resources/dev/actionclip/prompts/}; run {@link #main} with the prompts module folder to
 * regenerate. Findings Jazzer adds there ({@code crash-*}) are kept as they are.
 */
public final class SeedCorpus {
    static final String PACKAGE_DIR = "src/test/resources/dev/actionclip/prompts";

    private SeedCorpus() {
    }

    public static void main(String[] args) throws IOException {
        SeedFiles.write(Path.of(args.length > 0 ? args[0] : "."), PACKAGE_DIR, all()).forEach(System.out::println);
    }

    static Map<String, Map<String, byte[]>> all() {
        Map<String, Map<String, byte[]>> m = new LinkedHashMap<>();
        Map<String, byte[]> enc = new LinkedHashMap<>();
        enc.put("seed-template", utf8("a photo of action riding a bike"));
        enc.put("seed-contractions-digits", utf8("It's 2 o'clock; they'll've SAID \"don't\" 1234567890!!"));
        enc.put("seed-html-entities", utf8("&amp;amp; &lt;tag&gt; &#x1F600; &#128512 &notit; &eacute &#0; &#xD800;"));
        enc.put("seed-unicode", utf8("Caf\u00e9 na\u0131\u0308ve \ufb01sh \uff21\uff22 \u2018q\u2019 \u65e5\u672c\u8a9e "
                + "\ud83d\udc4d\ud83c\udffd \u0661\u0662 <|startoftext|>x<|endoftext|>"));
        enc.put("seed-whitespace", utf8(" \t\n\u00a0\u2007\u202f\u0085\u3000 a \r\n b "));
        enc.put("seed-long-word", utf8("pneumonoultramicroscopicsilicovolcanoconiosis".repeat(20)));
        enc.put("seed-utf16-lone-surrogates", new byte[] {0x00, (byte) 0xd8, 0x61, 0x00, 0x00, (byte) 0xdc, 0x3c, 0x00});
        m.put("TokenizerFuzzTestInputs/encode", enc);

        Map<String, byte[]> labels = new LinkedHashMap<>();
        labels.put("seed-id-name.csv", utf8("id,name\n0,abseiling\n1,\"cooking, baking\"\n2,riding a bike\n"));
        labels.put("seed-bom-crlf-unordered.csv", utf8("\ufeff2,YoYo\r\n0,ApplyEyeMakeup\r\n1,TVShow_Mp3Player\r\n"));
        labels.put("seed-one-per-line.txt", utf8("riding a bike\n\n  playing guitar  \n\u00e9t\u00e9\n"));
        labels.put("seed-inline", utf8("riding a bike, \"cooking, baking\", swimming"));
        labels.put("seed-problems.csv", utf8("0,a\n0,b\n3,c\nx,d\n-1,e\n1,\"open\n"));
        labels.put("seed-latin1.txt", "caf\u00e9\nna\u00efve\n".getBytes(StandardCharsets.ISO_8859_1));
        m.put("LabelFilesFuzzTestInputs/labelSet", labels);

        Map<String, byte[]> templates = new LinkedHashMap<>();
        templates.put("seed-actionclip", utf8("# ActionCLIP's first templates\na photo of action {}\n{}, an action\n"
                + "\nCan you recognize the action of {}?\n"));
        templates.put("seed-bom-comment-only", utf8("\ufeff# nothing\n\n   \n"));
        templates.put("seed-no-placeholder", utf8("a video of {}\na video of something\n"));
        templates.put("seed-spec", utf8("actionclip"));
        m.put("LabelFilesFuzzTestInputs/templates", templates);
        return m;
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
