package io.ocelot.plugin.bitbucket;

import com.atlassian.bitbucket.build.BuildState;
import com.atlassian.bitbucket.build.status.RepositoryBuildStatusService;
import com.atlassian.bitbucket.build.status.RepositoryBuildStatusSetRequest;
import com.atlassian.bitbucket.content.ContentService;
import com.atlassian.bitbucket.content.ContentTreeNode;
import com.atlassian.bitbucket.content.NoSuchPathException;
import com.atlassian.bitbucket.io.TypeAwareOutputSupplier;
import com.atlassian.bitbucket.repository.Repository;
import com.atlassian.bitbucket.repository.RepositoryService;
import io.ocelot.plugin.repo.RepositoryRef;
import io.ocelot.plugin.status.BuildStatus;
import io.ocelot.plugin.status.StatusState;
import io.ocelot.plugin.testkit.FakeBitbucket;
import io.ocelot.plugin.testkit.InMemoryUserPermissions;
import org.junit.Test;
import org.mockito.ArgumentCaptor;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

/**
 * The in-process adapters against Mockito Bitbucket services (the real ones cannot run here), behind a strict
 * RepositoryService and the SecurityService of {@link FakeBitbucket}: getById refuses a caller with no user and no
 * escalation, as Bitbucket does, so these pass only because the adapters escalate.
 */
public class BitbucketAdaptersTest {
    private final RepositoryRef ref = new RepositoryRef(4, "PROJ", "repo");
    private final FakeBitbucket bitbucket = new FakeBitbucket(new InMemoryUserPermissions(),
            (project, slug) -> { throw new AssertionError("no git here"); }, (project, slug) -> null);
    private final Repository repository = bitbucket.add(ref);
    private final RepositoryService repositories = bitbucket.repositoryService();
    private final BitbucketEscalation escalation = new BitbucketEscalation(bitbucket.securityService());

    @Test
    public void readsOcelotYmlOnlyWhenItIsAFile() throws Exception {
        ContentService content = mock(ContentService.class);
        when(content.getType(repository, "c1", "ocelot.yml")).thenReturn(ContentTreeNode.Type.FILE);
        doAnswer(inv -> {
            try (OutputStream out = inv.<TypeAwareOutputSupplier>getArgument(3).getStream("text/plain")) {
                out.write("image: x\n".getBytes(StandardCharsets.UTF_8));
            }
            return null;
        }).when(content).streamFile(eq(repository), eq("c1"), eq("ocelot.yml"), any());
        when(content.getType(repository, "c2", "ocelot.yml")).thenThrow(new NoSuchPathException("no"));
        when(content.getType(repository, "c3", "ocelot.yml")).thenReturn(ContentTreeNode.Type.DIRECTORY);
        BitbucketRepositoryFiles files = new BitbucketRepositoryFiles(content, repositories, escalation);
        assertArrayEquals("image: x\n".getBytes(StandardCharsets.UTF_8), files.read(ref, "c1", "ocelot.yml").orElseThrow());
        assertTrue(files.read(ref, "c2", "ocelot.yml").isEmpty());
        assertTrue(files.read(ref, "c3", "ocelot.yml").isEmpty());
        verify(content, never()).streamFile(eq(repository), eq("c2"), any(), any());
    }

    @Test
    public void publishesEveryStatusField() {
        RepositoryBuildStatusService service = mock(RepositoryBuildStatusService.class);
        new BitbucketStatusPublisher(service, repositories, escalation).publish(new BuildStatus(ref, "abc", "ocelot",
                StatusState.FAILED, "Ocelot #3 · main", "1/2 stages passed · failed at test", "http://b/x",
                "refs/heads/main", "ocelot", 1234, 3));
        ArgumentCaptor<RepositoryBuildStatusSetRequest> req = ArgumentCaptor.forClass(RepositoryBuildStatusSetRequest.class);
        verify(service).set(req.capture());
        RepositoryBuildStatusSetRequest r = req.getValue();
        assertEquals(repository, r.getRepository());
        assertEquals("abc", r.getCommitId());
        assertEquals("ocelot", r.getKey());
        assertEquals(BuildState.FAILED, r.getState());
        assertEquals("http://b/x", r.getUrl());
        assertEquals("1/2 stages passed · failed at test", r.getDescription());
        assertEquals("refs/heads/main", r.getRef());
        assertEquals("ocelot", r.getParent());
        assertEquals(Long.valueOf(1234), r.getDuration());
    }
}
