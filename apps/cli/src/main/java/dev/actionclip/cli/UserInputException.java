package dev.actionclip.cli;

/** A problem with what the user gave (a path, an option value): reported in one line, exit code 2. */
public class UserInputException extends RuntimeException {
    public UserInputException(String message) {
        super(message);
    }

    public UserInputException(String message, Throwable cause) {
        super(message, cause);
    }
}
