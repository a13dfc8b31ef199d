package io.outpost.toolkit.build;

import io.outpost.common.yaml.SourcePosition;
import io.outpost.toolkit.openapi.ApiCompiler;
import io.outpost.toolkit.openapi.CompiledApi;
import io.outpost.toolkit.project.ApiSource;
import io.outpost.toolkit.project.Project;
import io.outpost.toolkit.project.ProjectLoader;
import io.outpost.toolkit.validate.Diagnostics;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads and compiles a whole project: what {@code validate} reports and {@code build} packages.
 * Checks across definitions (base paths, artifact entry names) live here.
 */
public final class ProjectCompiler {
    private ProjectCompiler() {}

    public static CompiledProject compile(Path dir, Diagnostics diagnostics) throws IOException {
        Project project = ProjectLoader.load(dir, diagnostics);
        List<CompiledApi> apis = new ArrayList<>();
        for (ApiSource source : project.apis()) {
            CompiledApi api = ApiCompiler.compile(source, project.policies(), diagnostics);
            if (api != null) {
                apis.add(api);
            }
        }
        checkBasePaths(apis, diagnostics);
        checkEntryNames(project.apis(), diagnostics);
        return new CompiledProject(project.info(), project.policies(), List.copyOf(apis), project.interceptors(),
                project.protos());
    }

    /** Two APIs on one base path would make routing depend on file order. */
    private static void checkBasePaths(List<CompiledApi> apis, Diagnostics diagnostics) {
        Map<String, CompiledApi> byBasePath = new HashMap<>();
        for (CompiledApi api : apis) {
            String basePath = api.api().basePath();
            if (basePath == null) {
                continue;
            }
            CompiledApi first = byBasePath.putIfAbsent(basePath, api);
            if (first != null) {
                diagnostics.error(api.basePathAt(), "base path '" + basePath + "' is also used by "
                        + first.source().displayName() + " (" + first.basePathAt() + ")",
                        "give each API its own x-wso2-basePath, e.g. add its version: /name/{version}");
            }
        }
    }

    /** {@code a.yaml} and {@code a.json} would both become {@code apis/a.json} in the artifact. */
    private static void checkEntryNames(List<ApiSource> sources, Diagnostics diagnostics) {
        Map<String, ApiSource> byStem = new HashMap<>();
        for (ApiSource source : sources) {
            ApiSource first = byStem.putIfAbsent(source.stem(), source);
            if (first != null) {
                diagnostics.error(new SourcePosition(source.displayName(), 0, 0), "both " + first.displayName() + " and "
                        + source.displayName() + " would be packaged as apis/" + source.stem() + ".json",
                        "rename one of them");
            }
        }
    }
}
