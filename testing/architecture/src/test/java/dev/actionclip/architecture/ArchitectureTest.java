package dev.actionclip.architecture;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.belongToAnyOf;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.methods;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.library.GeneralCodingRules;
import dev.actionclip.formats.CheckpointFormatException;
import dev.actionclip.formats.DType;
import dev.actionclip.formats.Half;
import dev.actionclip.formats.TensorData;
import dev.actionclip.video.RgbImage;
import java.util.List;

/**
 * The project's architecture, checked on the main classes of every module (the test scope pulls all modules in;
 * test classes are not imported). A broken rule fails {@code mvn test}. Package map:
 * <ul>
 *   <li>formats: {@code formats}; prompts: {@code prompts}; video-io: {@code video}</li>
 *   <li>torch-runtime: {@code torch}; clip: {@code clip}; temporal: {@code temporal}; datasets: {@code datasets}</li>
 *   <li>action-clip (the library a service depends on): {@code api}, {@code model}, {@code zeroshot}, {@code label}</li>
 *   <li>training: {@code train}; watch: {@code watch}; testing/test-support: {@code testsupport}</li>
 *   <li>applications: apps/cli {@code cli} (picocli, {@code main}, exit codes), apps/bench {@code bench},
 *   apps/spark {@code spark} (the Spark job)</li>
 * </ul>
 */
@AnalyzeClasses(packages = "dev.actionclip", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {
    private static final String P = "dev.actionclip.";
    private static final String CLI = P + "cli..";
    private static final String BENCH = P + "bench..";
    private static final String SPARK = P + "spark..";
    private static final String[] APPLICATIONS = {CLI, BENCH, SPARK};
    private static final String[] BASE = {P + "formats..", P + "prompts..", P + "video.."};
    private static final String[] ACTION_CLIP = {P + "api..", P + "model..", P + "zeroshot..", P + "label.."};

    // guard: a wrong class path must not make every rule pass on nothing
    @ArchTest
    static void every_module_is_imported(JavaClasses classes) {
        for (String pkg : List.of("formats", "prompts", "video", "torch", "clip", "temporal", "datasets", "api",
                "model", "zeroshot", "label", "train", "watch", "cli", "bench", "spark", "testsupport")) {
            assertTrue(classes.stream().anyMatch(c -> c.getPackageName().startsWith(P + pkg)),
                    "no main classes imported from " + P + pkg);
        }
    }

    // (a) no cycles: between top-level packages, and between individual packages
    @ArchTest
    static final ArchRule no_cycles_between_top_level_packages =
            slices().matching("dev.actionclip.(*)..").should().beFreeOfCycles();

    /**
     * Finer: every package is its own slice. Two parent/child cycles are known and tolerated edge by edge (moving
     * these public types would break every caller): {@code formats.pickle} uses its parent's value types while
     * {@code formats.TorchCheckpoint} drives the unpickler, and {@code video.preprocess} works on the parent's
     * {@code RgbImage} while {@code video.VideoFrames}/{@code Clip} use the preprocessors. Any other dependency
     * that closes a cycle fails.
     */
    @ArchTest
    static final ArchRule no_cycles_between_packages = slices().matching("dev.actionclip.(**)").should()
            .beFreeOfCycles()
            .ignoreDependency(resideInAPackage(P + "formats.pickle"), belongToAnyOf(DType.class, Half.class,
                    CheckpointFormatException.class, TensorData.class))
            .ignoreDependency(resideInAPackage(P + "video.preprocess"), belongToAnyOf(RgbImage.class));

    // (b) the pure-Java modules never touch LibTorch
    @ArchTest
    static final ArchRule base_modules_do_not_use_libtorch = noClasses().that().resideInAnyPackage(BASE)
            .should().dependOnClassesThat().resideInAPackage("org.bytedeco.pytorch..")
            .because("formats, prompts and video-io must load without LibTorch (only torch-runtime declares it)");

    // (c) picocli and exiting the JVM belong to the command line
    @ArchTest
    static final ArchRule only_cli_uses_picocli = noClasses().that().resideOutsideOfPackage(CLI)
            .should().dependOnClassesThat().resideInAPackage("picocli..")
            .because("libraries must not pull a command-line parser into services");

    @ArchTest
    static final ArchRule only_cli_exits = noClasses().that().resideOutsideOfPackage(CLI)
            .should().callMethod(System.class, "exit", int.class)
            .orShould().callMethod(Runtime.class, "exit", int.class)
            .orShould().callMethod(Runtime.class, "halt", int.class)
            .because("a library (or a tool) that exits kills its host; throw instead");

    // (d) entry points only in the applications
    @ArchTest
    static final ArchRule main_methods_only_in_applications = methods()
            .that().haveName("main").and().areStatic().and().arePublic()
            .and().haveRawParameterTypes(String[].class).and().haveRawReturnType(void.class)
            .should().beDeclaredInClassesThat().resideInAnyPackage(APPLICATIONS)
            .because("library modules are used from Java, not run");

    // (e) layering
    @ArchTest
    static final ArchRule base_modules_depend_on_nothing_above = noClasses().that().resideInAnyPackage(BASE)
            .should().dependOnClassesThat().resideInAnyPackage(P + "torch..", P + "clip..", P + "temporal..",
                    P + "datasets..", P + "zeroshot..", P + "model..", P + "api..", P + "label..", P + "train..",
                    P + "watch..", CLI, BENCH, P + "testsupport..")
            .because("formats, prompts and video-io are the bottom layer");

    @ArchTest
    static final ArchRule clip_does_not_depend_on_temporal = noClasses().that().resideInAPackage(P + "clip..")
            .should().dependOnClassesThat().resideInAPackage(P + "temporal..")
            .because("the CLIP towers and the fusion heads are siblings");

    @ArchTest
    static final ArchRule temporal_does_not_depend_on_clip = noClasses().that().resideInAPackage(P + "temporal..")
            .should().dependOnClassesThat().resideInAPackage(P + "clip..")
            .because("the CLIP towers and the fusion heads are siblings");

    @ArchTest
    static final ArchRule libraries_do_not_depend_on_applications = noClasses()
            .that().resideOutsideOfPackages(APPLICATIONS)
            .should().dependOnClassesThat().resideInAnyPackage(APPLICATIONS)
            .because("the applications sit on top of the libraries");

    @ArchTest
    static final ArchRule action_clip_does_not_depend_on_training_or_watch = noClasses()
            .that().resideInAnyPackage(ACTION_CLIP)
            .should().dependOnClassesThat().resideInAnyPackage(P + "train..", P + "watch..")
            .because("a service that labels videos must not need the trainer or the watcher");

    @ArchTest
    static final ArchRule training_does_not_depend_on_watch = noClasses().that().resideInAPackage(P + "train..")
            .should().dependOnClassesThat().resideInAPackage(P + "watch..")
            .because("training and watching are independent modules");

    @ArchTest
    static final ArchRule watch_does_not_depend_on_training = noClasses().that().resideInAPackage(P + "watch..")
            .should().dependOnClassesThat().resideInAPackage(P + "train..")
            .because("training and watching are independent modules");

    // logging: libraries log through slf4j; only the applications write to stdout/stderr
    @ArchTest
    static final ArchRule libraries_do_not_use_standard_streams = noClasses()
            .that().resideOutsideOfPackages(APPLICATIONS)
            .should(GeneralCodingRules.ACCESS_STANDARD_STREAMS)
            .because("libraries log through slf4j (org.slf4j.Logger); the host decides where it goes");
}
