package io.ocelot.plugin.bitbucket;

import com.atlassian.bitbucket.content.AbstractContentTreeCallback;
import com.atlassian.bitbucket.content.ContentService;
import com.atlassian.bitbucket.content.ContentTreeNode;
import com.atlassian.bitbucket.content.NoSuchPathException;
import com.atlassian.bitbucket.repository.Repository;
import com.atlassian.bitbucket.repository.RepositoryService;
import com.atlassian.bitbucket.util.PageRequestImpl;
import com.atlassian.plugin.spring.scanner.annotation.imports.ComponentImport;
import io.ocelot.plugin.repo.RepositoryFiles;
import io.ocelot.plugin.repo.RepositoryRef;

import javax.inject.Inject;
import javax.inject.Named;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@link RepositoryFiles} through Bitbucket's ContentService: ask the type first, stream only a real file; list a
 * directory (one level, one page of {@link RepositoryFiles#MAX_LISTED}) only once it is known to be one, since
 * {@code getType} is the call whose missing-path exception is documented.
 */
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

    @Override
    public List<String> list(RepositoryRef ref, String commit, String directory) {
        return escalation.reading("list " + directory, () -> listAsOcelot(ref, commit, directory));
    }

    private List<String> listAsOcelot(RepositoryRef ref, String commit, String directory) {
        Repository repository = repositories.getById(ref.id());
        if (repository == null) {
            return List.of();
        }
        try {
            if (content.getType(repository, commit, directory) != ContentTreeNode.Type.DIRECTORY) {
                return List.of();
            }
        } catch (NoSuchPathException e) {
            return List.of();
        }
        List<String> names = new ArrayList<>();
        content.streamDirectory(repository, commit, directory, false, new AbstractContentTreeCallback() {
            @Override
            public boolean onTreeNode(ContentTreeNode node) {
                if (node.getType() == ContentTreeNode.Type.FILE) {
                    names.add(node.getPath().getName());
                }
                return names.size() < MAX_LISTED;
            }
        }, new PageRequestImpl(0, MAX_LISTED));
        return names;
    }
}
