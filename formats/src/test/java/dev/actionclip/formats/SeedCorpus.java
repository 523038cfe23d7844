package dev.actionclip.formats;

import static dev.actionclip.formats.Pickler.storage;
import static dev.actionclip.formats.Pickler.tensor;

import dev.actionclip.formats.Pickler.Global;
import dev.actionclip.formats.Pickler.NewObj;
import dev.actionclip.formats.Pickler.Reduce;
import dev.actionclip.formats.Pickler.Tuple;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import dev.actionclip.testsupport.SeedFiles;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The recipe of the formats fuzz targets' seed corpora: small, valid (or instructively broken) inputs in every
 * layout the readers support, written as {@code <TestClass>Inputs/<method>/seed-*} files under
 * {@code src/test/resources/dev/actionclip/formats/}, where Jazzer replays them in {@code mvn test} and starts
 * fuzzing from them. Regenerate after changing a recipe by running {@link #main} with the module folder as argument
 * (from the IDE, or {@code java -cp <formats test classpath> dev.actionclip.formats.SeedCorpus formats});
 * {@code SeedCorpusTest} fails when a seed of the recipe is missing.
 * Findings Jazzer adds next to them ({@code crash-*}, {@code timeout-*}) are kept as they are.
 */
public final class SeedCorpus {
    static final String PACKAGE_DIR = "src/test/resources/dev/actionclip/formats";

    private SeedCorpus() {
    }

    /** Writes every seed under {@code args[0]} (the formats module folder; default: the working directory). */
    public static void main(String[] args) throws IOException {
        SeedFiles.write(Path.of(args.length > 0 ? args[0] : "."), PACKAGE_DIR, all()).forEach(System.out::println);
    }

    /** "<TestClass>Inputs/<method>" → seed file name → bytes. */
    static Map<String, Map<String, byte[]>> all() {
        Map<String, Map<String, byte[]>> m = new LinkedHashMap<>();
        m.put("SafeTensorsFuzzTestInputs/safetensors", safetensors());
        m.put("TorchZipFuzzTestInputs/zipArchive", zipArchives());
        m.put("UnpicklerFuzzTestInputs/torchSavePickle", torchSavePickles());
        m.put("TorchScriptFuzzTestInputs/torchScriptPickle", torchScriptPickles());
        m.put("JsonFuzzTestInputs/parse", json());
        m.put("CsvFuzzTestInputs/readAll", csv());
        return m;
    }

    // ------------------------------------------------------------------ safetensors

    static Map<String, byte[]> safetensors() {
        Map<String, byte[]> m = new LinkedHashMap<>();
        Map<String, TensorData> t = new LinkedHashMap<>();
        t.put("visual.proj", TensorData.contiguous("visual.proj", DType.F32, new long[] {2, 2},
                ByteBuffer.wrap(FuzzInputs.floats(4, 1))));
        t.put("position_ids", TensorData.contiguous("position_ids", DType.I64, new long[] {1, 3}, le(8, 0, 1, 2)));
        m.put("seed-f32-i64-metadata", safetensors(t, Map.of("format", "pt")));
        Map<String, TensorData> every = new LinkedHashMap<>();
        for (DType d : DType.values()) {
            every.put(d.name().toLowerCase(), TensorData.contiguous(d.name(), d, new long[] {2},
                    ByteBuffer.wrap(new byte[2 * d.size()])));
        }
        m.put("seed-every-dtype", safetensors(every, Map.of()));
        Map<String, TensorData> odd = new LinkedHashMap<>();
        odd.put("empty", TensorData.contiguous("empty", DType.F32, new long[] {0, 3}, ByteBuffer.allocate(0)));
        odd.put("scalar", TensorData.contiguous("scalar", DType.F16, new long[] {}, ByteBuffer.wrap(new byte[] {0, 0x3c})));
        m.put("seed-empty-and-scalar", safetensors(odd, Map.of("note", "a 0x3 tensor and a 0-d one")));
        m.put("seed-metadata-only", safetensors(Map.of(), Map.of("format", "pt")));
        // by hand: unpadded header, offsets not in file order
        String header = "{\"b\":{\"dtype\":\"BF16\",\"shape\":[2],\"data_offsets\":[4,8]},"
                + "\"a\":{\"dtype\":\"u8\",\"shape\":[4],\"data_offsets\":[0,4]}}";
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(8 + h.length + 8).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(h.length).put(h).put(new byte[] {1, 2, 3, 4, 0, 0x3f, (byte) 0x80, 0x3f});
        m.put("seed-handwritten", b.array());
        return m;
    }

    private static byte[] safetensors(Map<String, TensorData> tensors, Map<String, String> metadata) {
        try {
            Path tmp = Files.createTempFile("seed", ".safetensors");
            try {
                SafeTensors.write(tmp, tensors, metadata);
                return Files.readAllBytes(tmp);
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static ByteBuffer le(int width, long... v) {
        ByteBuffer b = ByteBuffer.allocate(width * v.length).order(ByteOrder.LITTLE_ENDIAN);
        for (long x : v) {
            b.putLong(x);
        }
        return b.flip();
    }

    // ------------------------------------------------------------------ torch zip archives

    static Map<String, byte[]> zipArchives() {
        Map<String, byte[]> m = new LinkedHashMap<>();
        byte[] pickle = Pickler.dumps(stateDict(), 2);
        m.put("seed-torch-save-stored", FuzzInputs.torchSave(pickle));
        Map<String, byte[]> e = new LinkedHashMap<>();
        e.put("data.pkl", pickle);
        e.put("byteorder", "little".getBytes());
        e.putAll(FuzzInputs.storages("data/"));
        e.put("version", "3\n".getBytes());
        m.put("seed-torch-save-deflated-data-descriptors", FuzzInputs.zip("archive", e, true));
        m.put("seed-rootless", FuzzInputs.zip("", e, false));
        try {
            Path tmp = Files.createTempFile("seed", ".pt");
            try {
                m.put("seed-zip64", Files.readAllBytes(PickleBytes.zip64(tmp, "big", e)));
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        m.put("seed-torchscript", FuzzInputs.torchScript(Pickler.dumps(moduleTree(), 2)));
        return m;
    }

    // ------------------------------------------------------------------ pickles

    /** {@code model.state_dict()}: an OrderedDict of tensors with torch's _metadata (storages data/0 and data/2). */
    static Reduce stateDict() {
        Map<String, Object> items = new LinkedHashMap<>();
        items.put("visual.proj", tensor(storage("FloatStorage", "0", 16), 4, 4));
        items.put("ln_final.weight", tensor(storage("FloatStorage", "2", 4), 4));
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("", Map.of("version", 1));
        meta.put("ln_final", Map.of("version", 1));
        return Pickler.orderedDict(items, meta);
    }

    static Map<String, byte[]> torchSavePickles() {
        Map<String, byte[]> m = new LinkedHashMap<>();
        m.put("seed-state-dict-p2", Pickler.dumps(stateDict(), 2));
        m.put("seed-state-dict-p4", Pickler.dumps(stateDict(), 4));

        // views sharing storages: offsets, strides, a transpose, float16 over the same bytes
        Pickler.PersId s0 = storage("FloatStorage", "0", 16);
        Map<String, Object> views = new LinkedHashMap<>();
        views.put("rows", tensor(s0, 4, new long[] {2, 3}, new long[] {3, 1}));
        views.put("transposed", tensor(s0, 0, new long[] {4, 4}, new long[] {1, 4}));
        views.put("half", tensor(storage("HalfStorage", "1", 32), 32));
        views.put("untyped", tensor(storage("UntypedStorage", "2", 16), 16));
        views.put("empty", tensor(s0, 0, new long[] {0, 5}, new long[] {5, 1}));
        m.put("seed-views-p2", Pickler.dumps(views, 2));

        // an ActionCLIP training checkpoint: epoch, two state dicts, optimizer state, a numpy scalar, argparse options
        Map<String, Object> ckpt = new LinkedHashMap<>();
        ckpt.put("epoch", 3);
        ckpt.put("model_state_dict", stateDict());
        Map<String, Object> fusion = new LinkedHashMap<>();
        fusion.put("module.frame_position_embeddings.weight", tensor(storage("FloatStorage", "1", 16), 8, 2));
        ckpt.put("fusion_model_state_dict", Pickler.orderedDict(fusion, null));
        Map<Object, Object> state = new LinkedHashMap<>();
        Map<String, Object> param0 = new LinkedHashMap<>();
        param0.put("step", 10);
        param0.put("exp_avg", tensor(storage("FloatStorage", "2", 4), 4));
        state.put(0, param0);
        Map<String, Object> group = new LinkedHashMap<>();
        group.put("lr", 5e-6);
        group.put("betas", Tuple.of(0.9, 0.98));
        group.put("eps", 1e-8);
        group.put("weight_decay", 0.2);
        group.put("params", List.of(0, 1));
        Map<String, Object> optimizer = new LinkedHashMap<>();
        optimizer.put("state", state);
        optimizer.put("param_groups", List.of(group));
        ckpt.put("optimizer_state_dict", optimizer);
        Reduce f8 = new Reduce(new Global("numpy", "dtype"), Tuple.of("f8", false, true), null,
                Tuple.of(3, "<", null, null, null, -1, -1, 0));
        byte[] one = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putDouble(0.875).array();
        ckpt.put("best_prec1", new Reduce(new Global("numpy.core.multiarray", "scalar"), Tuple.of(f8, one)));
        Map<String, Object> opts = new LinkedHashMap<>();
        opts.put("arch", "ViT-B/32");
        opts.put("lr", 5e-6);
        opts.put("num_segments", 8);
        ckpt.put("args", new NewObj(new Global("argparse", "Namespace"), Tuple.of(), opts));
        m.put("seed-training-checkpoint-p2", Pickler.dumps(ckpt, 2));

        // the rest of the whitelist
        Map<String, Object> misc = new LinkedHashMap<>();
        misc.put("set", new Reduce(new Global("builtins", "set"), Tuple.of(List.of(1, 2))));
        misc.put("size", new Reduce(new Global("torch", "Size"), Tuple.of(Tuple.of(3, 4))));
        misc.put("device", new Reduce(new Global("torch", "device"), Tuple.of("cuda", 0)));
        misc.put("dtype", new Global("torch", "float16"));
        misc.put("big", Long.MAX_VALUE);
        misc.put("negative", -7);
        misc.put("float", 1.5);
        misc.put("none", null);
        misc.put("flag", true);
        misc.put("bytes", new byte[] {0, 1, 2, (byte) 0xff});
        misc.put("latin1", new Reduce(new Global("_codecs", "encode"), Tuple.of("\u00e9t\u00e9", "latin1")));
        Reduce plain = tensor(storage("FloatStorage", "2", 4), 2, 2);
        misc.put("parameter", new Reduce(new Global("torch._utils", "_rebuild_parameter"),
                Tuple.of(plain, true, new Reduce(Pickler.ORDERED_DICT, Tuple.of()))));
        misc.put("subclass", new Reduce(new Global("torch._tensor", "_rebuild_from_type_v2"), Tuple.of(
                Pickler.REBUILD_TENSOR, new Global("torch.nn.parameter", "Parameter"),
                Tuple.of(storage("FloatStorage", "0", 16), 0, Tuple.of(16), Tuple.of(1), false,
                        new Reduce(Pickler.ORDERED_DICT, Tuple.of())), Map.of())));
        misc.put("same tensor again", plain);
        misc.put("nested", List.of(List.of(List.of(Map.of("k", Tuple.of())))));
        m.put("seed-whitelist-p2", Pickler.dumps(misc, 2));
        m.put("seed-whitelist-p4", Pickler.dumps(misc, 4));
        m.put("seed-bare-tensor", Pickler.dumps(tensor(storage("LongStorage", "0", 8), 8), 2));
        return m;
    }

    /** A TorchScript module tree: __torch__ objects built by NEWOBJ + BUILD, a submodule shared by two parents. */
    static NewObj moduleTree() {
        Global conv = new Global("__torch__.torch.nn.modules.conv", "Conv2d");
        Map<String, Object> convState = new LinkedHashMap<>();
        convState.put("training", false);
        convState.put("weight", tensor(storage("FloatStorage", "1", 16), 2, 2, 2, 2));
        convState.put("bias", null);
        NewObj conv1 = new NewObj(conv, Tuple.of(), convState);
        Map<String, Object> visual = new LinkedHashMap<>();
        visual.put("training", false);
        visual.put("conv1", conv1);
        visual.put("proj", tensor(storage("FloatStorage", "0", 16), 4, 4));
        visual.put("sizes", new Reduce(new Global("torch.jit._pickle", "build_intlist"), Tuple.of(List.of(1, 2, 3))));
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("training", false);
        root.put("visual", new NewObj(new Global("__torch__.model", "VisionTransformer"), Tuple.of(), visual));
        root.put("alias", conv1);
        root.put("logit_scale", tensor(storage("FloatStorage", "2", 4), 0, new long[] {}, new long[] {}));
        return new NewObj(new Global("__torch__.model", "CLIP"), Tuple.of(), root);
    }

    static Map<String, byte[]> torchScriptPickles() {
        Map<String, byte[]> m = new LinkedHashMap<>();
        m.put("seed-module-tree-p2", Pickler.dumps(moduleTree(), 2));
        Map<String, Object> packed = new LinkedHashMap<>();
        packed.put("training", true);
        NewObj opaque = new NewObj(new Global("__torch__.torch.classes.quantized", "LinearPackedParamsBase"),
                Tuple.of(), null);
        packed.put("_packed_params", opaque);
        m.put("seed-opaque-state-p2", Pickler.dumps(new NewObj(new Global("__torch__.model", "Quantized"), Tuple.of(),
                packed), 2));
        return m;
    }

    // ------------------------------------------------------------------ text formats

    static Map<String, byte[]> json() {
        Map<String, byte[]> m = new LinkedHashMap<>();
        m.put("seed-hf-config.json", utf8("""
                {"architectures": ["CLIPModel"], "model_type": "clip", "projection_dim": 512,
                 "text_config": {"hidden_size": 512, "intermediate_size": 2048, "num_attention_heads": 8,
                   "num_hidden_layers": 12, "max_position_embeddings": 77, "vocab_size": 49408,
                   "hidden_act": "quick_gelu", "layer_norm_eps": 1e-05},
                 "vision_config": {"hidden_size": 768, "image_size": 224, "patch_size": 32, "dropout": 0.0},
                 "torch_dtype": "float32", "logit_scale_init_value": 2.6592}
                """));
        m.put("seed-safetensors-header.json", utf8("{\"__metadata__\":{\"format\":\"pt\"},"
                + "\"w\":{\"dtype\":\"F32\",\"shape\":[2,2],\"data_offsets\":[0,16]}}"));
        m.put("seed-checkpoint.json", utf8("{\"epoch\":3,\"step\":2256,\"rng\":[1,-2,9223372036854775807],"
                + "\"lr\":5.0E-6,\"loss\":null,\"done\":false,\"name\":\"a red circle \\\"moving\\\" left\"}"));
        m.put("seed-escapes.json", utf8("[\"\\u00e9\\ud83d\\ude00\\n\\t\\\\\\/\",\"é😀\",\"\",{}]"));
        m.put("seed-numbers.json", utf8("[0,-0,-0.0,1e400,-1e-400,123456789012345678901234567890,1.5E+3,"
                + "-9223372036854775808]"));
        m.put("seed-nested.json", utf8("[[[[[[[[{\"a\":[{\"b\":[]}]}]]]]]]]]"));
        m.put("seed-repeated-key.json", utf8("{\"a\":1,\"b\":2,\"a\":3}"));
        return m;
    }

    static Map<String, byte[]> csv() {
        Map<String, byte[]> m = new LinkedHashMap<>();
        m.put("seed-kinetics.csv", utf8("label,youtube_id,time_start,time_end,split\n"
                + "abseiling,0347ZoDXyP0,14,24,train\n\"cooking, baking\",-0Eobu9BHKk,0,10,val\n"));
        m.put("seed-labels.csv", utf8("\ufeffid,name\r\n0,riding a bike\r\n1,\"say \"\"hi\"\"\"\r\n\r\n2, padded \r\n"));
        m.put("seed-multiline.csv", utf8("a,\"line one\nline two\",c\n#x,!y,\" z \"\n"));
        m.put("seed-bad-quote.csv", utf8("a,\"b\"c,d\ne,\"f\n"));
        byte[] latin1 = "id,name\n0,caf\u00e9\n".getBytes(StandardCharsets.ISO_8859_1);
        m.put("seed-latin1.csv", latin1);
        return m;
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
