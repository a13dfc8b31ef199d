package io.outpost.toolkit.openapi;

import com.fasterxml.jackson.databind.JsonNode;
import io.outpost.common.model.ApiDefinition;
import io.outpost.common.model.ApplicationSecurity;
import io.outpost.common.model.CorsConfig;
import io.outpost.common.model.EndpointConfig;
import io.outpost.common.model.Resource;
import io.outpost.common.model.SecurityRequirement;
import io.outpost.common.model.SecurityScheme;
import io.outpost.common.model.ThrottlePolicies;
import io.outpost.common.yaml.SourcePosition;
import io.outpost.common.yaml.YamlDocument;
import io.outpost.toolkit.project.ApiSource;
import io.outpost.toolkit.validate.Diagnostics;
import io.outpost.toolkit.validate.TreeReader;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/** Compiles one definition file into the {@link ApiDefinition} the gateway routes with. */
public final class ApiCompiler {
    /** Outpost's own extension: how {@code security} is read (docs/security.md). */
    static final String SECURITY_MODE = "x-outpost-security";

    private static final List<String> METHODS = List.of("get", "put", "post", "delete", "options", "head", "patch", "trace");

    private final ApiSource source;
    private final ThrottlePolicies policies;
    private final Diagnostics diagnostics;
    private TreeReader reader;
    private SharedExtensions apiExtensions;

    private ApiCompiler(ApiSource source, ThrottlePolicies policies, Diagnostics diagnostics) {
        this.source = source;
        this.policies = policies;
        this.diagnostics = diagnostics;
    }

    /** Null when the file could not be read as a definition at all (the reasons are reported). */
    public static CompiledApi compile(ApiSource source, ThrottlePolicies policies, Diagnostics diagnostics) {
        return new ApiCompiler(source, policies, diagnostics).compile();
    }

    private CompiledApi compile() {
        DefinitionParser.Parsed parsed = DefinitionParser.parse(source, diagnostics);
        if (parsed == null) {
            return null;
        }
        reader = new TreeReader(parsed.doc(), diagnostics);
        JsonNode root = parsed.doc().root();
        new RefChecker(reader).check();

        JsonNode info = root.path("info");
        String title = required(info, "/info", "title", "title: My API");
        String version = required(info, "/info", "version", "version: 1.0.0");

        SchemaResolver resolver = new SchemaResolver(parsed.v3());
        EndpointReader endpointReader = new EndpointReader(reader);
        SortedMap<String, EndpointConfig> named = root.has(Wso2Extensions.ENDPOINTS)
                ? endpointReader.readNamed(root.get(Wso2Extensions.ENDPOINTS), "/" + Wso2Extensions.ENDPOINTS)
                : new TreeMap<>();
        SharedExtensions api = SharedExtensions.read(reader, root, "", endpointReader, named, policies);
        apiExtensions = api;
        SharedExtensions.warnAboutOthers(reader, root, "", Wso2Extensions.API_LEVEL, true);

        String basePathPointer = root.has(Wso2Extensions.BASE_PATH) ? "/" + Wso2Extensions.BASE_PATH
                : parsed.kind() == DefinitionParser.Kind.SWAGGER_2 && root.has("basePath") ? "/basePath" : null;
        String basePath = basePath(root, basePathPointer, version);

        CorsConfig cors = root.has(Wso2Extensions.CORS)
                ? new CorsReader(reader).read(root.get(Wso2Extensions.CORS), "/" + Wso2Extensions.CORS) : null;
        String mutualSsl = mutualSsl(root);
        SecurityReader securityReader = new SecurityReader(reader);
        ApplicationSecurity applicationSecurity = root.has(Wso2Extensions.APPLICATION_SECURITY)
                ? securityReader.applicationSecurity(root.get(Wso2Extensions.APPLICATION_SECURITY), "/" + Wso2Extensions.APPLICATION_SECURITY)
                : null;
        boolean swagger2 = parsed.kind() == DefinitionParser.Kind.SWAGGER_2;
        String schemesWhere = swagger2 ? "securityDefinitions" : "components.securitySchemes";
        SortedMap<String, SecurityScheme> schemes = securityReader.schemes(
                parsed.v3().path("components").path("securitySchemes"), resolver,
                swagger2 ? "/securityDefinitions" : "/components/securitySchemes");
        List<SecurityRequirement> security = root.has("security") ? securityReader.requirements(root.get("security"), "/security") : null;
        securityReader.checkDeclared(root.get("security"), "/security", schemes, schemesWhere);

        List<Resource> resources = resources(root, parsed.v3(), resolver, endpointReader, named, securityReader, schemes,
                schemesWhere, new OverrideNameCheck(reader, title, version));

        ApiDefinition definition = new ApiDefinition(title, version, basePath, source.fileName(), api.production(),
                api.sandbox(), named, api.throttlingTier(), api.disableSecurity(), api.authHeader(), cors,
                api.transports(), mutualSsl, applicationSecurity, api.requestInterceptor(), api.responseInterceptor(),
                security, schemes, resources, securityMode(root));
        SourcePosition basePathAt = reader.at(basePathPointer == null ? "" : basePathPointer);
        return new CompiledApi(source, definition, basePathAt);
    }

    /** {@code x-outpost-security}: "wso2" (the default, stored as null) or "openapi". */
    private String securityMode(JsonNode root) {
        JsonNode value = root.get(SECURITY_MODE);
        if (value == null || value.isNull()) {
            return null;
        }
        String mode = value.isTextual() ? value.asText() : "";
        if (mode.equals("wso2")) {
            return null;
        }
        if (!mode.equals(ApiDefinition.OPENAPI_STRICT)) {
            reader.error("/" + SECURITY_MODE, SECURITY_MODE + " must be 'wso2' (the default: security read as the WSO2 "
                    + "Microgateway read it) or 'openapi' (every scheme of a requirement and every listed scope)",
                    "write '" + SECURITY_MODE + ": openapi' or remove it");
            return null;
        }
        return mode;
    }

    private String required(JsonNode parent, String parentPointer, String key, String example) {
        JsonNode value = parent.get(key);
        if (value == null || value.isNull()) {
            reader.error(parentPointer, (parentPointer.isEmpty() ? "" : parentPointer.substring(1) + ".") + key + " is required",
                    "add '" + example + "' under " + parentPointer.substring(1));
            return null;
        }
        // info.version: 1.0 is a number in YAML; WSO2 accepted it, so take its text.
        return value.isNumber() ? value.asText() : reader.name(value, YamlDocument.child(parentPointer, key), key, example);
    }

    private String basePath(JsonNode root, String pointer, String version) {
        if (pointer == null) {
            reader.error("", "the API has no base path", "add at the top level: " + Wso2Extensions.BASE_PATH + ": /myapi/{version}");
            return null;
        }
        String raw = reader.name(root.at(pointer), pointer, pointer.substring(1), Wso2Extensions.BASE_PATH + ": /myapi/{version}");
        if (raw == null) {
            return null;
        }
        String path = version == null ? raw : raw.replace("{version}", version);
        path = ("/" + path).replaceAll("/{2,}", "/");
        if (path.length() > 1 && path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        String problem = null;
        if (path.contains("{") || path.contains("}")) {
            problem = "may only use the {version} placeholder";
        } else if (path.contains("?") || path.contains("#") || path.chars().anyMatch(c -> c <= ' ' || c == 0x7f)) {
            problem = "must not contain a query, a fragment, blanks or control characters";
        } else if (List.of(path.split("/")).stream().anyMatch(s -> s.equals(".") || s.equals(".."))) {
            problem = "must not contain '.' or '..' segments";
        } else if (path.contains("%")) {
            problem = "must not be percent-encoded";
        }
        if (problem != null) {
            reader.error(pointer, "base path '" + raw + "' " + problem, "for example " + Wso2Extensions.BASE_PATH + ": /petstore/{version}");
            return null;
        }
        return path;
    }

    private String mutualSsl(JsonNode root) {
        if (!root.has(Wso2Extensions.MUTUAL_SSL)) {
            return null;
        }
        String pointer = "/" + Wso2Extensions.MUTUAL_SSL;
        String value = reader.string(root.get(Wso2Extensions.MUTUAL_SSL), pointer, Wso2Extensions.MUTUAL_SSL, "mandatory or optional");
        if (value == null) {
            return null;
        }
        String lower = value.toLowerCase(Locale.ROOT);
        if (!lower.equals("mandatory") && !lower.equals("optional")) {
            reader.error(pointer, "unknown " + Wso2Extensions.MUTUAL_SSL + " value '" + value + "'", "use mandatory or optional");
            return null;
        }
        return lower;
    }

    private List<Resource> resources(JsonNode root, JsonNode v3, SchemaResolver resolver, EndpointReader endpointReader,
                                     Map<String, EndpointConfig> named, SecurityReader securityReader,
                                     Map<String, SecurityScheme> schemes, String schemesWhere, OverrideNameCheck overrideNames) {
        JsonNode paths = root.get("paths");
        if (paths == null || paths.isNull()) {
            reader.warning("", "the API has no paths: nothing will be routed", "add a 'paths:' section");
            return List.of();
        }
        if (!reader.isObject(paths, "/paths", "paths", "write each path template as a key: '/pets/{id}:'")) {
            return List.of();
        }
        OperationReader operations = new OperationReader(resolver);
        Map<String, String> templateByShape = new HashMap<>();
        List<Resource> resources = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = paths.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            String template = entry.getKey();
            String pathPointer = YamlDocument.child("/paths", template);
            if (template.startsWith("x-")) {
                continue;
            }
            String problem = PathTemplates.problem(template);
            if (problem != null) {
                reader.error(pathPointer, "path template '" + template + "' " + problem, "for example '/pets/{petId}'");
                continue;
            }
            String previous = templateByShape.putIfAbsent(PathTemplates.shape(template), template);
            if (previous != null) {
                reader.error(pathPointer, "path '" + template + "' matches the same requests as '" + previous + "' at "
                        + reader.at(YamlDocument.child("/paths", previous)) + " (only parameter names differ)",
                        "merge the two into one path item, with one parameter name");
                continue;
            }
            JsonNode pathItem = entry.getValue();
            if (!reader.isObject(pathItem, pathPointer, "path item '" + template + "'", "list its operations: get:, post:, …")) {
                continue;
            }
            for (Iterator<String> keys = pathItem.fieldNames(); keys.hasNext(); ) {
                String key = keys.next();
                if (key.startsWith(Wso2Extensions.PREFIX)) {
                    reader.warning(YamlDocument.child(pathPointer, key), key + " is read on operations and at API level, not on a path; ignored",
                            "move it into each operation (get:, post:, …) that needs it");
                }
            }
            JsonNode v3PathItem = v3.path("paths").path(template);
            for (String method : METHODS) {
                JsonNode operation = pathItem.get(method);
                if (operation == null) {
                    continue;
                }
                String opPointer = YamlDocument.child(pathPointer, method);
                if (!reader.isObject(operation, opPointer, method.toUpperCase(Locale.ROOT) + " " + template, "give it responses:")) {
                    continue;
                }
                Resource resource = resource(template, method, operation, opPointer, v3PathItem, operations,
                        endpointReader, named, securityReader, schemes, schemesWhere);
                overrideNames.add(resource, opPointer);
                resources.add(resource);
            }
        }
        return List.copyOf(resources);
    }

    private Resource resource(String template, String method, JsonNode operation, String opPointer, JsonNode v3PathItem,
                              OperationReader operations, EndpointReader endpointReader, Map<String, EndpointConfig> named,
                              SecurityReader securityReader, Map<String, SecurityScheme> schemes, String schemesWhere) {
        SharedExtensions ext = SharedExtensions.read(reader, operation, opPointer, endpointReader, named, policies);
        SharedExtensions.warnAboutOthers(reader, operation, opPointer, Wso2Extensions.OPERATION_LEVEL, false);

        if (apiExtensions.production() == null && apiExtensions.sandbox() == null
                && ext.production() == null && ext.sandbox() == null) {
            reader.warning(opPointer, method.toUpperCase(Locale.ROOT) + " " + template + " has no backend: neither it nor the API declares "
                    + Wso2Extensions.PRODUCTION + " or " + Wso2Extensions.SANDBOX,
                    "add at the top level:\n" + Wso2Extensions.PRODUCTION + ":\n  urls:\n    - https://backend.example.com");
        }
        String operationId = operation.has("operationId")
                ? reader.string(operation.get("operationId"), opPointer + "/operationId", "operationId", null) : null;
        List<SecurityRequirement> security = operation.has("security")
                ? securityReader.requirements(operation.get("security"), opPointer + "/security") : null;
        securityReader.checkDeclared(operation.get("security"), opPointer + "/security", schemes, schemesWhere);

        JsonNode v3Operation = v3PathItem.path(method);
        List<Resource.Parameter> parameters = operations.parameters(v3PathItem, v3Operation);
        Set<String> declared = OperationReader.declaredPathParameters(parameters);
        for (String name : PathTemplates.parameters(template)) {
            if (!declared.contains(name)) {
                reader.warning(opPointer, "path parameter '" + name + "' of '" + template + "' is not declared for "
                        + method.toUpperCase(Locale.ROOT), "declare it under parameters: with 'in: path' and 'required: true'");
            }
        }
        return OperationReader.resource(template, method.toUpperCase(Locale.ROOT), operationId, ext, security,
                parameters, operations.requestBody(v3Operation), operations.responses(v3Operation));
    }
}
