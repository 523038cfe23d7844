package dev.actionclip.formats.pickle;

/** A structural problem in the pickle; {@link Unpickler} reports it with the byte offset of the failing opcode. */
final class PickleException extends RuntimeException {
    PickleException(String message) {
        super(message);
    }
}
