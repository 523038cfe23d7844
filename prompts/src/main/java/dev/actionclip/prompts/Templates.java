package dev.actionclip.prompts;

import dev.actionclip.formats.TextFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Prompt templates: each turns a class label into one text, {@code {}} marking where the label goes.
 * ActionCLIP averages the text features of all templates of a class.
 */
public final class Templates {
    /** The label placeholder. */
    public static final String PLACEHOLDER = "{}";

    /** ActionCLIP's 16 templates, in its order (the order matters for the per-template feature layout). */
    private static final List<String> ACTIONCLIP = List.of(
            "a photo of action {}",
            "a picture of action {}",
            "Human action of {}",
            "{}, an action",
            "{} this is an action",
            "{}, a video of action",
            "Playing action of {}",
            "{}",
            "Playing a kind of action, {}",
            "Doing a kind of action, {}",
            "Look, the human is {}",
            "Can you recognize the action of {}?",
            "Video classification of {}",
            "A video of {}",
            "The man is {}",
            "The woman is {}");

    private final List<String> templates;
    private final String name;

    private Templates(List<String> templates, String name) {
        this.templates = List.copyOf(templates);
        this.name = name;
    }

    /** ActionCLIP's 16 built-in templates. */
    public static Templates actionClip() {
        return new Templates(ACTIONCLIP, "actionclip");
    }

    /** The bare label as the only prompt. */
    public static Templates none() {
        return new Templates(List.of(PLACEHOLDER), "none");
    }

    /** One template, which must contain {@code {}}. */
    public static Templates single(String template) {
        if (!template.contains(PLACEHOLDER)) {
            throw new IllegalArgumentException("template \"" + template + "\" has no {} placeholder for the label");
        }
        return new Templates(List.of(template), "\"" + template + "\"");
    }

    /**
     * A template file: one template per line (UTF-8), blank lines and lines starting with {@code #} ignored.
     * A line without {@code {}} or a file without templates is an error naming the file and line.
     */
    public static Templates fromFile(Path file) throws IOException {
        List<String> lines = TextFiles.readLines(file); // bytes that are not UTF-8: file:line
        List<String> out = new ArrayList<>();
        for (int k = 0; k < lines.size(); k++) {
            String line = lines.get(k).strip();
            if (k == 0 && line.startsWith("\ufeff")) {
                line = line.substring(1).strip();
            }
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            if (!line.contains(PLACEHOLDER)) {
                throw new IllegalArgumentException(file + " line " + (k + 1) + ": template \"" + line
                        + "\" has no {} placeholder for the label");
            }
            out.add(line);
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException(file + ": no templates (only blank or # comment lines)");
        }
        return new Templates(out, file.toString());
    }

    /**
     * The command-line form: {@code actionclip} (or {@code default}), {@code none}, a template containing
     * {@code {}}, or the path of a template file.
     */
    public static Templates parse(String spec) throws IOException {
        String s = spec.strip();
        if (s.equalsIgnoreCase("actionclip") || s.equalsIgnoreCase("default")) {
            return actionClip();
        }
        if (s.equalsIgnoreCase("none")) {
            return none();
        }
        if (s.contains(PLACEHOLDER)) {
            return single(s);
        }
        Path p = null;
        try {
            p = Path.of(s);
        } catch (InvalidPathException e) {
            // not a file name either: the error below
        }
        if (p != null && Files.isRegularFile(p)) {
            return fromFile(p);
        }
        throw new IllegalArgumentException("templates \"" + spec + "\": expected actionclip, none, a template"
                + " containing {} or an existing template file");
    }

    /** One prompt per template, in template order. */
    public List<String> apply(String label) {
        List<String> out = new ArrayList<>(templates.size());
        for (String t : templates) {
            out.add(t.replace(PLACEHOLDER, label));
        }
        return out;
    }

    /**
     * Prompts for every label in ActionCLIP's order, template-major: template 0 for every label, then
     * template 1, ...; the prompt of template {@code t} and label {@code c} is at {@code t * labels.size() + c}.
     */
    public List<String> applyAll(List<String> labels) {
        List<String> out = new ArrayList<>(labels.size() * templates.size());
        for (String t : templates) {
            for (String label : labels) {
                out.add(t.replace(PLACEHOLDER, label));
            }
        }
        return out;
    }

    public List<String> templates() {
        return templates;
    }

    public int size() {
        return templates.size();
    }

    public String name() {
        return name;
    }

    @Override
    public String toString() {
        return "Templates[" + name + ", " + templates.size() + "]";
    }
}
