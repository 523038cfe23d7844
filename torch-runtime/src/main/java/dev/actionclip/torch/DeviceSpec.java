package dev.actionclip.torch;

import java.util.Locale;

/**
 * Where a model runs, as the user wrote it ({@code cpu}, {@code cuda}, {@code cuda:N}), checked for syntax when it is
 * parsed (at the option parser), so nothing downstream passes strings around. Whether the device exists is checked
 * when LibTorch is asked for it ({@link Torch#device(DeviceSpec)}).
 *
 * @param cuda  a CUDA device rather than the CPU
 * @param index the CUDA device index (0 for {@code cuda}); -1 for the CPU
 */
public record DeviceSpec(boolean cuda, int index) {
    public static final DeviceSpec CPU = new DeviceSpec(false, -1);

    public DeviceSpec {
        if (cuda ? index < 0 || index > Byte.MAX_VALUE : index != -1) {
            throw new IllegalArgumentException("bad device index " + index);
        }
    }

    /** {@code cpu}, {@code cuda} or {@code cuda:N} (case-insensitive). */
    public static DeviceSpec parse(String spec) {
        String s = spec == null ? "" : spec.trim().toLowerCase(Locale.ROOT);
        if (s.equals("cpu")) {
            return CPU;
        }
        if (s.equals("cuda")) {
            return new DeviceSpec(true, 0);
        }
        if (s.startsWith("cuda:") && s.length() > 5 && s.length() <= 8 && s.substring(5).chars().allMatch(Character::isDigit)) {
            int index = Integer.parseInt(s.substring(5));
            if (index <= Byte.MAX_VALUE) {
                return new DeviceSpec(true, index);
            }
        }
        throw new IllegalArgumentException("bad device '" + spec + "': expected cpu, cuda or cuda:N");
    }

    @Override
    public String toString() {
        return cuda ? "cuda:" + index : "cpu";
    }
}
