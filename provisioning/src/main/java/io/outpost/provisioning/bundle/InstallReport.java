package io.outpost.provisioning.bundle;

import java.util.List;

/** What install did, file by file (paths under the root), and what the operator should know. */
public record InstallReport(List<String> written, List<String> unchanged, List<String> removed, List<String> notes) {}
