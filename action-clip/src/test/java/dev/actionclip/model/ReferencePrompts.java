package dev.actionclip.model;

import dev.actionclip.formats.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The prompts, templates and classes listed in the fixture's reference.json. */
final class ReferencePrompts {
    private ReferencePrompts() {
    }

    @SuppressWarnings("unchecked")
    static List<String> read(Path dir) {
        return new ArrayList<>((List<String>) json(dir).get("prompts"));
    }

    @SuppressWarnings("unchecked")
    static List<String> classes(Path dir) {
        return new ArrayList<>((List<String>) json(dir).get("classes"));
    }

    @SuppressWarnings("unchecked")
    static List<String> templates(Path dir) {
        return new ArrayList<>((List<String>) json(dir).get("templates"));
    }

    static Map<String, Object> json(Path dir) {
        try {
            return Json.parseObject(Files.readString(dir.resolve("reference.json")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
