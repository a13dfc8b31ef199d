package io.outpost.toolkit.project;

/**
 * One definition file of a project's {@code apis/} folder.
 *
 * @param fileName    the bare file name, e.g. {@code petstore.yaml} (what the artifact records)
 * @param displayName the name used in messages, through the project folder as given, e.g. {@code myproj/apis/petstore.yaml}
 * @param text        the file's content, decoded as UTF-8
 */
public record ApiSource(String fileName, String displayName, String text) {

    /** The name without its extension: the API's entry is {@code apis/<stem>.json}. */
    public String stem() {
        int dot = fileName.lastIndexOf('.');
        return dot > 0 ? fileName.substring(0, dot) : fileName;
    }
}
