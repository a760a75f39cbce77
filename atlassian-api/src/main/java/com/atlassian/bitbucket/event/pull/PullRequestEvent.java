// Compile-only declaration (see atlassian-api-notes.md); Bitbucket provides the real type at run time.
package com.atlassian.bitbucket.event.pull;

import com.atlassian.bitbucket.pull.PullRequest;
import com.atlassian.bitbucket.user.ApplicationUser;

import java.util.Date;

public abstract class PullRequestEvent {
    public abstract PullRequest getPullRequest();

    public abstract ApplicationUser getUser();

    public abstract Date getDate();
}
