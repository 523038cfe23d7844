package dev.actionclip.bench;

import dev.actionclip.torch.TorchSelfCheck;

/** {@code FirstRunCheck [THREADS]}: {@link TorchSelfCheck} as a process, for {@code scripts/check-first-run}. */
public final class FirstRunCheck {
    private FirstRunCheck() {
    }

    public static void main(String[] args) {
        System.out.println(TorchSelfCheck.run(args.length > 0 ? Integer.parseInt(args[0]) : 1));
    }
}
