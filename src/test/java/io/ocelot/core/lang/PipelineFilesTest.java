package io.ocelot.core.lang;

import org.junit.Test;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

/** Several pipelines per repository: ocelot.yml is 'default', .ocelot/NAME.yml is NAME. */
public class PipelineFilesTest {
    private static final String OK = "image: x\nstages: [{name: a, script: [x]}]\n";

    private static Map<String, byte[]> files(String... pathsAndContents) {
        Map<String, byte[]> m = new LinkedHashMap<>();
        for (int i = 0; i < pathsAndContents.length; i += 2) {
            m.put(pathsAndContents[i], pathsAndContents[i + 1].getBytes(StandardCharsets.UTF_8));
        }
        return m;
    }

    @Test
    public void eachFileIsAPipelineNamedByItsPathDefaultFirst() {
        PipelineFiles p = PipelineFiles.read(files(".ocelot/nightly.yml", OK, ".ocelot/deploy-prod.yml", OK,
                "ocelot.yml", OK, "src/ocelot.yml", "not: read", ".ocelot/README.md", "ignored", ".ocelot/v1.2_x.yml", OK));
        assertTrue(p.report(), p.isValid());
        assertEquals(List.of("default", "deploy-prod", "nightly", "v1.2_x"), p.names());
        assertEquals(".ocelot/nightly.yml", p.pipeline("nightly").orElseThrow().path());
        assertEquals(1, p.pipeline("default").orElseThrow().file().stages().size());
        assertTrue(p.pipeline("nope").isEmpty());
    }

    @Test
    public void aRepositoryMayHaveOnlyNamedPipelines() {
        PipelineFiles p = PipelineFiles.read(files(".ocelot/api.yml", OK));
        assertEquals(List.of("api"), p.names());
        assertTrue(PipelineFiles.read(Map.of()).pipelines().isEmpty());
    }

    @Test
    public void eachFilesProblemsNameThatFile() {
        PipelineFiles p = PipelineFiles.read(files("ocelot.yml", "image: x\nstage: []\n",
                ".ocelot/web.yml", "image: x\nstages: [{name: a}]\n", ".ocelot/api.yml", OK));
        assertFalse(p.isValid());
        assertEquals(List.of(
                "ocelot.yml:1:1: missing 'stages': list at least one stage with a 'name' and a 'script'",
                "ocelot.yml:2:1: unknown key 'stage' — did you mean 'stages'?",
                ".ocelot/web.yml:2:10: stage 'a' has no 'script': list the shell lines it runs"),
                p.problems().stream().map(Problem::toString).toList());
        assertEquals("a valid pipeline stays usable beside broken ones", List.of("api"),
                p.valid().stream().map(PipelineFiles.Pipeline::name).toList());
    }

    @Test
    public void badNamesAreErrorsNamingTheFile() {
        PipelineFiles p = PipelineFiles.read(files(".ocelot/Deploy.yml", OK, ".ocelot/-x.yml", OK,
                ".ocelot/sub/x.yml", OK, ".ocelot/default.yml", OK, ".ocelot/.yml", OK, ".ocelot/ok.yml", OK),
                path -> "repo/" + path);
        assertEquals(List.of("ok"), p.names());
        List<String> errors = p.errors().stream().map(Problem::toString).toList();
        assertEquals(errors.toString(), 5, errors.size());
        assertTrue(errors.get(0), errors.get(0).startsWith("repo/.ocelot/-x.yml:1:1: '-x' is not a pipeline name"));
        assertTrue(errors.get(1), errors.get(1).startsWith("repo/.ocelot/.yml:1:1: '' is not a pipeline name"));
        assertTrue(errors.get(2), errors.get(2).startsWith("repo/.ocelot/Deploy.yml:1:1: 'Deploy' is not a pipeline name"));
        assertEquals("repo/.ocelot/default.yml:1:1: 'default' is the pipeline of ocelot.yml at the repository root; "
                + "give this file another name", errors.get(3));
        assertEquals("repo/.ocelot/sub/x.yml:1:1: pipeline files sit directly in .ocelot/, not in a directory below it",
                errors.get(4));
    }

    @Test
    public void aYamlExtensionIsIgnoredWithAWarning() {
        PipelineFiles p = PipelineFiles.read(files(".ocelot/api.yaml", OK));
        assertTrue(p.isValid());
        assertEquals(List.of(), p.names());
        assertEquals(".ocelot/api.yaml:1:1: warning: ignored: pipeline files end in '.yml'; rename it to .ocelot/api.yml",
                p.report());
    }

    @Test
    public void theNumberOfPipelinesIsCapped() {
        Map<String, byte[]> many = new LinkedHashMap<>();
        for (int i = 0; i < PipelineFiles.MAX_PIPELINES + 2; i++) {
            many.put(String.format(".ocelot/p%03d.yml", i), OK.getBytes(StandardCharsets.UTF_8));
        }
        PipelineFiles p = PipelineFiles.read(many);
        assertEquals(PipelineFiles.MAX_PIPELINES, p.names().size());
        assertEquals(2, p.errors().size());
        assertTrue(p.report(), p.errors().get(0).toString().startsWith(".ocelot/p050.yml:1:1: too many pipelines"));
    }

    @Test
    public void pipelinePathsAreRecognisedBeforeReading() {
        assertTrue(PipelineFiles.isPipelinePath("ocelot.yml"));
        assertTrue(PipelineFiles.isPipelinePath(".ocelot/deploy.yml"));
        assertTrue("read to be warned about", PipelineFiles.isPipelinePath(".ocelot/deploy.yaml"));
        assertFalse(PipelineFiles.isPipelinePath("sub/ocelot.yml"));
        assertFalse(PipelineFiles.isPipelinePath(".ocelot/notes.txt"));
        assertFalse(PipelineFiles.isPipelinePath(".ocelotx/a.yml"));
    }
}
