package io.ocelot.plugin.bitbucket;

import com.atlassian.bitbucket.content.ContentService;
import com.atlassian.bitbucket.content.ContentTreeNode;
import com.atlassian.bitbucket.content.NoSuchPathException;
import com.atlassian.bitbucket.repository.Repository;
import com.atlassian.bitbucket.repository.RepositoryService;
import com.atlassian.plugin.spring.scanner.annotation.imports.ComponentImport;
import io.ocelot.plugin.repo.RepositoryFiles;
import io.ocelot.plugin.repo.RepositoryRef;

import javax.inject.Inject;
import javax.inject.Named;
import java.io.ByteArrayOutputStream;
import java.util.Optional;

/** {@link RepositoryFiles} through Bitbucket's ContentService: ask the type first, stream only a real file. */
@Named
public class BitbucketRepositoryFiles implements RepositoryFiles {
    private final ContentService content;
    private final RepositoryService repositories;
    private final BitbucketEscalation escalation;

    @Inject
    public BitbucketRepositoryFiles(@ComponentImport ContentService content,
                                    @ComponentImport RepositoryService repositories, BitbucketEscalation escalation) {
        this.content = content;
        this.repositories = repositories;
        this.escalation = escalation;
    }

    /** Read on the trigger thread, which has no Bitbucket user: with REPO_READ ({@link BitbucketEscalation}). */
    @Override
    public Optional<byte[]> read(RepositoryRef ref, String commit, String path) {
        return escalation.reading("read " + path, () -> readAsOcelot(ref, commit, path));
    }

    private Optional<byte[]> readAsOcelot(RepositoryRef ref, String commit, String path) {
        Repository repository = repositories.getById(ref.id());
        if (repository == null) {
            return Optional.empty();
        }
        try {
            if (content.getType(repository, commit, path) != ContentTreeNode.Type.FILE) {
                return Optional.empty(); // a directory or submodule named ocelot.yml is not a pipeline
            }
        } catch (NoSuchPathException e) {
            return Optional.empty();
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        content.streamFile(repository, commit, path, contentType -> out);
        return Optional.of(out.toByteArray());
    }
}
