package io.outpost.provisioning;

/**
 * A provisioning step that must not go on: the message names the file and the problem, the hint
 * says what fixes it. Thrown before anything is written, so a refusal leaves no half-done state.
 */
public class ProvisioningException extends Exception {
    private final String hint;

    public ProvisioningException(String message, String hint) {
        super(message);
        this.hint = hint;
    }

    public ProvisioningException(String message, String hint, Throwable cause) {
        super(message, cause);
        this.hint = hint;
    }

    public String hint() {
        return hint;
    }
}
