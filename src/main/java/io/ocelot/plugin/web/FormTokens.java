package io.ocelot.plugin.web;

import javax.inject.Named;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpSession;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * CSRF protection for the pages' forms (settings, admin): a random token kept in the user's HTTP session, put in the form as
 * {@code atl_token} (Bitbucket's field name for form tokens) and required, compared in constant time, on POST.
 * A cross-site page can make the browser post but cannot read the token. This needs nothing from Atlassian; SAL's
 * XsrfTokenAccessor/Validator would do the same (an API no public source confirms, so not used).
 */
@Named
public final class FormTokens {
    public static final String FIELD = "atl_token";
    private static final String ATTRIBUTE = FormTokens.class.getName();
    private static final SecureRandom RANDOM = new SecureRandom();

    /** The session's token, made on first use. */
    public String issue(HttpServletRequest request) {
        HttpSession session = request.getSession(true);
        synchronized (session) {
            Object token = session.getAttribute(ATTRIBUTE);
            if (token == null) {
                byte[] bytes = new byte[32];
                RANDOM.nextBytes(bytes);
                token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
                session.setAttribute(ATTRIBUTE, token);
            }
            return (String) token;
        }
    }

    public boolean isValid(HttpServletRequest request) {
        HttpSession session = request.getSession(false);
        Object expected = session == null ? null : session.getAttribute(ATTRIBUTE);
        String sent = request.getParameter(FIELD);
        return expected != null && sent != null && MessageDigest.isEqual(
                expected.toString().getBytes(StandardCharsets.UTF_8), sent.getBytes(StandardCharsets.UTF_8));
    }
}
