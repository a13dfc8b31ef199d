package io.outpost.toolkit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InitAndApiAddTest {
    @TempDir
    Path tmp;

    private Path home() {
        return tmp.resolve("home");
    }

    @Test
    void initCreatesTheProjectLayoutWithTheDefaultTiers() throws Exception {
        Path project = tmp.resolve("edge-api");
        Cli.Result result = Cli.run(home(), "init", project);
        assertEquals(0, result.exitCode(), result::toString);
        assertEquals("# Outpost project: 'outpost validate .' checks it, 'outpost build .' compiles it into\n"
                + "# target/<name>-<version>.outpost.\nname: edge-api\nversion: 1.0.0\n", Files.readString(project.resolve("outpost.yaml")));
        for (String dir : new String[] {"apis", "grpc", "interceptors"}) {
            assertTrue(Files.isDirectory(project.resolve(dir)), dir);
        }
        Path designDefaults = Path.of(System.getProperty("outpost.shared"), "design", "policies-default.yaml");
        assertArrayEquals(Files.readAllBytes(designDefaults), Files.readAllBytes(project.resolve("policies.yaml")));

        Cli.Result validate = Cli.run(home(), "validate", project);
        assertEquals(0, validate.exitCode(), validate::toString);
        assertTrue(validate.err().contains("warning: the project has no API definitions"), validate::toString);
    }

    @Test
    void initQuotesNamesYamlWouldNotReadAsText() throws Exception {
        Path project = tmp.resolve("2024");
        assertEquals(0, Cli.run(home(), "init", project).exitCode());
        assertTrue(Files.readString(project.resolve("outpost.yaml")).contains("name: \"2024\"\n"));
        assertEquals(0, Cli.run(home(), "validate", project).exitCode());
    }

    @Test
    void initWithApiCopiesAValidDefinition() throws Exception {
        Path sample = TestProjects.peerSamples().resolve("cors_sample.yaml");
        Path project = tmp.resolve("cors");
        Cli.Result result = Cli.run(home(), "init", project, "-a", sample);
        assertEquals(0, result.exitCode(), result::toString);
        assertArrayEquals(Files.readAllBytes(sample), Files.readAllBytes(project.resolve("apis/cors_sample.yaml")));
        assertEquals(0, Cli.run(home(), "build", project).exitCode());
        assertTrue(Files.exists(project.resolve("target/cors-1.0.0.outpost")));
    }

    @Test
    void initRefusesAnInvalidDefinitionAndCreatesNothing() {
        Path bad = TestProjects.write(tmp.resolve("bad.yaml"), "just: a map\n");
        Path project = tmp.resolve("p");
        Cli.Result result = Cli.run(home(), "init", project, "--api", bad);
        assertEquals(1, result.exitCode(), result::toString);
        assertTrue(result.err().contains("bad.yaml:1:1: error: not an OpenAPI or Swagger definition"), result::toString);
        assertFalse(Files.exists(project));
        assertEquals(1, Cli.run(home(), "init", tmp.resolve("q"), "-a", tmp.resolve("absent.yaml")).exitCode());
    }

    @Test
    void initRefusesANonEmptyFolderButAcceptsAnEmptyOne() throws Exception {
        Path taken = tmp.resolve("taken");
        TestProjects.write(taken.resolve("notes.txt"), "mine");
        Cli.Result result = Cli.run(home(), "init", taken);
        assertEquals(1, result.exitCode(), result::toString);
        assertTrue(result.err().contains("already exists and is not empty"), result::toString);
        assertFalse(result.err().contains("Exception"), result::toString);
        assertFalse(Files.exists(taken.resolve("outpost.yaml")));

        Path empty = Files.createDirectories(tmp.resolve("empty"));
        assertEquals(0, Cli.run(home(), "init", empty).exitCode());
        assertTrue(Files.exists(empty.resolve("outpost.yaml")));
    }

    @Test
    void initRefusesAnInvalidName() {
        Cli.Result result = Cli.run(home(), "init", tmp.resolve("has space"));
        assertEquals(2, result.exitCode(), result::toString);
        assertTrue(result.err().contains("not a valid project name"), result::toString);
    }

    @Test
    void apiAddCopiesAndRefusesToOverwriteWithoutForce() throws Exception {
        Path project = tmp.resolve("p");
        assertEquals(0, Cli.run(home(), "init", project).exitCode());
        Path sample = TestProjects.peerSamples().resolve("advance_config.yaml");
        Cli.Result added = Cli.run(home(), "api", "add", project, sample);
        assertEquals(0, added.exitCode(), added::toString);
        assertArrayEquals(Files.readAllBytes(sample), Files.readAllBytes(project.resolve("apis/advance_config.yaml")));

        Path changed = TestProjects.write(tmp.resolve("other/advance_config.yaml"),
                Files.readString(sample).replace("/advanceEp", "/advanceEp2"));
        Cli.Result refused = Cli.run(home(), "api", "add", project, changed);
        assertEquals(1, refused.exitCode(), refused::toString);
        assertTrue(refused.err().contains("already exists") && refused.err().contains("--force"), refused::toString);
        assertArrayEquals(Files.readAllBytes(sample), Files.readAllBytes(project.resolve("apis/advance_config.yaml")));

        Cli.Result forced = Cli.run(home(), "api", "add", project, changed, "--force");
        assertEquals(0, forced.exitCode(), forced::toString);
        assertTrue(Files.readString(project.resolve("apis/advance_config.yaml")).contains("/advanceEp2"));
        assertEquals(0, Cli.run(home(), "build", project).exitCode());
    }

    @Test
    void apiAddRefusesBrokenFilesAndNonProjects() {
        Path project = tmp.resolve("p");
        assertEquals(0, Cli.run(home(), "init", project).exitCode());
        Path broken = TestProjects.write(tmp.resolve("broken.yaml"), "openapi: 3.0.0\ninfo: [\n");
        Cli.Result result = Cli.run(home(), "api", "add", project, broken);
        assertEquals(1, result.exitCode(), result::toString);
        assertTrue(result.err().contains("broken.yaml:"), result::toString);
        assertFalse(Files.exists(project.resolve("apis/broken.yaml")));

        Path text = TestProjects.write(tmp.resolve("api.txt"), "openapi: 3.0.0\n");
        assertEquals(1, Cli.run(home(), "api", "add", project, text).exitCode());
        Path notProject = tmp.resolve("plain");
        TestProjects.write(notProject.resolve("x"), "x");
        Cli.Result noProject = Cli.run(home(), "api", "add", notProject, TestProjects.peerSamples().resolve("cors_sample.yaml"));
        assertEquals(1, noProject.exitCode(), noProject::toString);
        assertTrue(noProject.err().contains("not an Outpost project"), noProject::toString);
    }

    @Test
    void helpAndVersionEverywhere() {
        for (String[] args : new String[][] {{"--help"}, {"init", "--help"}, {"api", "--help"}, {"api", "add", "--help"},
                {"validate", "--help"}, {"build", "--help"}, {"--version"}, {"build", "--version"}}) {
            Cli.Result result = Cli.run(home(), (Object[]) args);
            assertEquals(0, result.exitCode(), result::toString);
            assertFalse(result.out().isBlank(), String.join(" ", args));
        }
        assertTrue(Cli.run(home(), "--version").out().startsWith("outpost "));
        assertEquals(2, Cli.run(home()).exitCode(), "no command is a usage error");
        assertEquals(2, Cli.run(home(), "api").exitCode());
        assertEquals(2, Cli.run(home(), "frobnicate").exitCode());
    }
}
