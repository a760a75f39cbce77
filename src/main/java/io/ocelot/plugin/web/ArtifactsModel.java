package io.ocelot.plugin.web;

import io.ocelot.core.ByteSizes;

import io.ocelot.core.api.ArtifactList;
import io.ocelot.core.api.ArtifactView;
import io.ocelot.core.api.UserApi;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The build page's "Artifacts" section: each file with its stage, size and download link (the page servlet's). */
final class ArtifactsModel {
    private ArtifactsModel() {
    }

    /** {@code buildPath}: the build page's path; a file downloads from {@code buildPath/artifacts/<path>}. */
    static Map<String, Object> of(ArtifactList list, String buildPath) {
        List<Map<String, Object>> files = new ArrayList<>();
        boolean anyExpired = false;
        boolean anyKept = false;
        for (ArtifactView a : list.artifacts()) {
            Map<String, Object> m = new HashMap<>();
            m.put("path", a.path());
            m.put("stage", a.stageName() == null ? "stage " + (a.stage() + 1) : a.stageName());
            m.put("size", ByteSizes.compact(a.size()));
            m.put("bytes", a.size());
            m.put("sha256", a.sha256() == null ? "" : a.sha256());
            m.put("expired", a.expired());
            // the link is the build page's own path plus the encoded path, so it is always one of our paths
            String tail = UserApi.artifactPath(list.buildId(), a.path()).replaceFirst("^/builds/\\d+", "");
            m.put("url", a.expired() ? PageUrls.REFUSED : PageUrls.checked(buildPath + tail));
            files.add(m);
            anyExpired |= a.expired();
            anyKept |= !a.expired();
        }
        Map<String, Object> out = new HashMap<>();
        out.put("files", files);
        out.put("shown", !files.isEmpty());
        out.put("expired", anyExpired);
        out.put("allExpired", anyExpired && !anyKept);
        out.put("retentionDays", list.retentionDays());
        out.put("total", ByteSizes.compact(list.totalBytes()));
        return out;
    }
}
