package dev.actionclip.formats;

import dev.actionclip.formats.pickle.PyObject;

import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The weights of a TorchScript archive (OpenAI's released {@code ViT-B-32.pt} and the like), read without
 * running its graph: {@code <root>/data.pkl} pickles the module tree as {@code __torch__.*} objects whose
 * attribute dicts hold tensors (storages under {@code <root>/data/}) and submodules. Walking that tree gives
 * the same names as {@code model.state_dict()}; non-tensor attributes (training flags, hooks) are skipped.
 */
public final class TorchScriptArchive {
    /** Guards against absurd or cyclic module trees. */
    private static final int MAX_DEPTH = 256;
    /** Longest dotted name accepted: attribute names are Python identifiers, a memoised huge one is hostile. */
    private static final int MAX_NAME = 4096;

    private final Path file;
    private final String rootClass;
    private final Map<String, TensorData> tensors;
    private final List<TensorData> constants;

    private TorchScriptArchive(Path file, String rootClass, Map<String, TensorData> tensors, List<TensorData> constants) {
        this.file = file;
        this.rootClass = rootClass;
        this.tensors = Collections.unmodifiableMap(tensors);
        this.constants = Collections.unmodifiableList(constants);
    }

    public static TorchScriptArchive read(Path file) {
        CheckpointFormat format = Checkpoints.detect(file);
        if (format != CheckpointFormat.OPENAI_TORCHSCRIPT) {
            throw new CheckpointFormatException(file, "not a TorchScript archive (detected " + format + ")");
        }
        try (ZipArchive zip = ZipArchive.open(file)) {
            Object root = TorchCheckpoint.unpickle(file, zip, "data.pkl", "data/", true);
            if (!(root instanceof PyObject)) {
                throw new CheckpointFormatException(file, "data.pkl does not hold a TorchScript module");
            }
            Map<String, TensorData> out = new LinkedHashMap<>();
            walk(file, (PyObject) root, out);
            List<TensorData> consts = new ArrayList<>();
            if (zip.contains(zip.root() + "constants.pkl")) {
                Object c = TorchCheckpoint.unpickle(file, zip, "constants.pkl", "constants/", true);
                if (c instanceof List) {
                    List<?> l = (List<?>) c;
                    for (int i = 0; i < l.size(); i++) {
                        if (l.get(i) instanceof TensorData) {
                            consts.add(((TensorData) l.get(i)).renamed("constants." + i));
                        }
                    }
                }
            }
            return new TorchScriptArchive(file, ((PyObject) root).className(), out, consts);
        }
    }

    /** Depth-first over submodules in attribute order, so names come out in state-dict order. */
    private static void walk(Path file, PyObject root, Map<String, TensorData> out) {
        Set<PyObject> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        ArrayDeque<Object[]> todo = new ArrayDeque<>();
        todo.push(new Object[] {root, "", 0});
        while (!todo.isEmpty()) {
            Object[] item = todo.pop();
            PyObject module = (PyObject) item[0];
            String prefix = (String) item[1];
            int depth = (Integer) item[2];
            if (!seen.add(module)) {
                continue;
            }
            if (depth > MAX_DEPTH) {
                String at = prefix.length() > 200 ? prefix.substring(0, 200) + "..." : prefix;
                throw new CheckpointFormatException(file, "module tree deeper than " + MAX_DEPTH + " at " + at);
            }
            List<Object[]> children = new ArrayList<>();
            for (Map.Entry<String, Object> e : module.attributes().entrySet()) {
                if (prefix.length() + e.getKey().length() > MAX_NAME) {
                    throw new CheckpointFormatException(file, "attribute name longer than " + MAX_NAME + " characters at "
                            + (prefix.length() > 200 ? prefix.substring(0, 200) + "..." : prefix));
                }
                String name = prefix + e.getKey();
                if (e.getValue() instanceof TensorData) {
                    out.put(name, ((TensorData) e.getValue()).renamed(name));
                } else if (e.getValue() instanceof PyObject) {
                    children.add(new Object[] {e.getValue(), name + ".", depth + 1});
                }
            }
            // push in reverse so the first child is visited first; its tensors precede its siblings'
            for (int i = children.size() - 1; i >= 0; i--) {
                todo.push(children.get(i));
            }
        }
    }

    public Path file() {
        return file;
    }

    /** Class of the top module, e.g. {@code __torch__.clip.model.CLIP}. */
    public String rootClass() {
        return rootClass;
    }

    /** Parameters and buffers by state-dict name ({@code visual.conv1.weight}, {@code logit_scale}, ...). */
    public Map<String, TensorData> tensors() {
        return tensors;
    }

    /** Tensors of {@code constants.pkl} (values the tracer baked into the graph, such as attention masks). */
    public List<TensorData> constants() {
        return constants;
    }
}
