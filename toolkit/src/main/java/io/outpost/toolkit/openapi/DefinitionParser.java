package io.outpost.toolkit.openapi;

import com.fasterxml.jackson.databind.JsonNode;
import io.outpost.common.yaml.LocatedYaml;
import io.outpost.common.yaml.YamlDocument;
import io.outpost.common.yaml.YamlException;
import io.outpost.toolkit.project.ApiSource;
import io.outpost.toolkit.project.ProjectLoader;
import io.outpost.toolkit.validate.Diagnostics;
import io.outpost.toolkit.validate.TreeReader;
import io.swagger.parser.OpenAPIParser;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a definition twice: as a located tree (positions, extensions, the text as written) and
 * through swagger-parser (structural checks, and the conversion of Swagger 2.0 to the OpenAPI 3
 * layout, so that everything downstream reads one layout).
 */
public final class DefinitionParser {
    private static final Pattern PARSER_LOCATION = Pattern.compile("paths\\.'([^']+)'\\((\\w+)\\)");

    public enum Kind { SWAGGER_2, OPENAPI_3 }

    /**
     * @param doc the file as written, with positions
     * @param v3  the same definition in the OpenAPI 3 layout (the raw tree for 3.x, the converted
     *            model for Swagger 2.0); local {@code $ref}s are left in place
     */
    public record Parsed(YamlDocument doc, Kind kind, JsonNode v3) {}

    private DefinitionParser() {}

    /** Null (with the reasons reported) when the file is not a readable OpenAPI or Swagger definition. */
    public static Parsed parse(ApiSource source, Diagnostics diagnostics) {
        YamlDocument doc;
        try {
            doc = LocatedYaml.parse(source.displayName(), source.text());
        } catch (YamlException e) {
            diagnostics.error(e.position(), ProjectLoader.stripPosition(e).replace("malformed YAML", "malformed YAML/JSON"),
                    "fix the syntax at that position (indentation, quotes, brackets)");
            return null;
        }
        TreeReader reader = new TreeReader(doc, diagnostics);
        Kind kind = kind(reader);
        if (kind == null) {
            return null;
        }
        SwaggerParseResult result;
        try {
            ParseOptions options = new ParseOptions();
            // References are inlined by SchemaResolver, which copes with recursive schemas.
            options.setResolve(false);
            result = new OpenAPIParser().readContents(source.text(), null, options);
        } catch (RuntimeException e) {
            reader.error("", "swagger-parser could not read the definition: " + e.getMessage(), null);
            return null;
        }
        OpenAPI model = result == null ? null : result.getOpenAPI();
        List<String> messages = result == null || result.getMessages() == null ? List.of() : result.getMessages();
        if (model == null) {
            reader.error("", "not a readable " + (kind == Kind.SWAGGER_2 ? "Swagger 2.0" : "OpenAPI") + " definition"
                    + (messages.isEmpty() ? "" : ": " + String.join("; ", messages)), null);
            return null;
        }
        for (String message : messages) {
            // Repeated operationIds and broken references are reported with their lines elsewhere.
            if (!message.contains("operationId is repeated") && !message.contains("#/")) {
                reader.warning(pointerOf(message), "OpenAPI: " + message, null);
            }
        }
        JsonNode v3 = kind == Kind.OPENAPI_3 ? doc.root() : io.swagger.v3.core.util.Json.mapper().valueToTree(model);
        return new Parsed(doc, kind, v3);
    }

    /** swagger-parser names places like {@code paths.'/pet'(get)}: turn that into a line when possible. */
    private static String pointerOf(String message) {
        Matcher m = PARSER_LOCATION.matcher(message);
        return m.find() ? YamlDocument.child(YamlDocument.child("/paths", m.group(1)), m.group(2)) : "";
    }

    private static Kind kind(TreeReader reader) {
        JsonNode root = reader.doc().root();
        String hint = "a definition starts with 'openapi: 3.0.3' (or 3.1.0), or 'swagger: \"2.0\"'";
        if (!root.isObject()) {
            reader.error("", "not an OpenAPI or Swagger definition: the document is " + TreeReader.describe(root), hint);
            return null;
        }
        JsonNode openapi = root.get("openapi");
        JsonNode swagger = root.get("swagger");
        if (openapi != null) {
            String version = openapi.asText();
            if (openapi.isTextual() && (version.startsWith("3.0") || version.startsWith("3.1"))) {
                return Kind.OPENAPI_3;
            }
            reader.error("/openapi", "unsupported OpenAPI version '" + version + "'",
                    openapi.isTextual() ? "Outpost reads OpenAPI 3.0, 3.1 and Swagger 2.0" : "quote the version: openapi: \"" + version + "\"");
            return null;
        }
        if (swagger != null) {
            if (swagger.asText().equals("2.0")) {
                return Kind.SWAGGER_2;
            }
            reader.error("/swagger", "unsupported Swagger version '" + swagger.asText() + "'", "only Swagger \"2.0\" is read");
            return null;
        }
        reader.error("", "not an OpenAPI or Swagger definition: no 'openapi' or 'swagger' key", hint);
        return null;
    }
}
