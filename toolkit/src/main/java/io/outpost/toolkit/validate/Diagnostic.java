package io.outpost.toolkit.validate;

import io.outpost.common.yaml.ErrorFormat;
import io.outpost.common.yaml.SourcePosition;

/**
 * One problem found in a project, printed as {@code FILE:LINE:COL: error: MESSAGE} (the form editors
 * and CI annotators understand) with an optional {@code hint:} line when the fix is obvious.
 */
public record Diagnostic(Severity severity, SourcePosition position, String message, String hint) {

    public enum Severity {
        ERROR, WARNING;

        String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public boolean isError() {
        return severity == Severity.ERROR;
    }

    public String format() {
        return ErrorFormat.format(position.toString(), severity.label(), message, hint); // the gateway's and agent's too
    }
}
