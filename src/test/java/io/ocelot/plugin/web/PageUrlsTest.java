package io.ocelot.plugin.web;

import org.junit.Test;

import java.util.List;

import static org.junit.Assert.assertEquals;

/** The one gate for URLs into href/src/action: our own paths and http(s) only. */
public class PageUrlsTest {
    @Test
    public void ownPathsAndWebUrlsPass() {
        for (String ok : List.of("/bitbucket/plugins/servlet/ocelot/projects/PROJ/repos/app/builds/5",
                "/rest/ocelot/1.0/builds/5/log", "/", "https://bitbucket.example.com/projects/P",
                "http://localhost:7990/bitbucket?x=1#top", "HTTPS://Example.com")) {
            assertEquals(ok, ok, PageUrls.checked(ok));
        }
    }

    @Test
    public void scriptAndForeignUrlsBecomeALinkToNowhere() {
        for (String bad : List.of("javascript:alert(1)", "JaVaScRiPt:alert(1)", " javascript:alert(1)",
                "\tjavascript:alert(1)", "java\nscript:alert(1)", "data:text/html,<script>alert(1)</script>",
                "vbscript:msgbox", "//evil.example.com/x", "/\\evil.example.com", "\\\\evil.example.com",
                "https:evil.example.com", "https://", "http://user@evil.example.com", "feature/login",
                "ftp://example.com", "", "/x\u0000y")) {
            assertEquals(bad, PageUrls.REFUSED, PageUrls.checked(bad));
        }
        assertEquals(PageUrls.REFUSED, PageUrls.checked(null));
    }
}
