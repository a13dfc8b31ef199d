package io.outpost.toolkit.validate;

import io.outpost.common.yaml.SourcePosition;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Collects every problem of a run so that the user sees all of them at once instead of fixing
 * one, re-running and finding the next.
 */
public final class Diagnostics {
    private static final Comparator<Diagnostic> BY_PLACE = Comparator
            .comparing((Diagnostic d) -> d.position().file())
            .thenComparingInt(d -> d.position().line())
            .thenComparingInt(d -> d.position().column());

    private final List<Diagnostic> all = new ArrayList<>();

    public void error(SourcePosition at, String message, String hint) {
        all.add(new Diagnostic(Diagnostic.Severity.ERROR, at, message, hint));
    }

    public void error(SourcePosition at, String message) {
        error(at, message, null);
    }

    public void warning(SourcePosition at, String message, String hint) {
        all.add(new Diagnostic(Diagnostic.Severity.WARNING, at, message, hint));
    }

    public void warning(SourcePosition at, String message) {
        warning(at, message, null);
    }

    public boolean hasErrors() {
        return all.stream().anyMatch(Diagnostic::isError);
    }

    public long errorCount() {
        return all.stream().filter(Diagnostic::isError).count();
    }

    public long warningCount() {
        return all.size() - errorCount();
    }

    /** In file and line order (stable for equal places), the order a reader fixes them in. */
    public List<Diagnostic> sorted() {
        List<Diagnostic> copy = new ArrayList<>(all);
        copy.sort(BY_PLACE);
        return copy;
    }

    public String summary() {
        return plural(errorCount(), "error") + ", " + plural(warningCount(), "warning");
    }

    private static String plural(long n, String word) {
        return n + " " + word + (n == 1 ? "" : "s");
    }
}
