package com.atlassian.plugin.spring.scanner.annotation.export;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Compile-only declaration; Bitbucket provides the real type at run time.
 * Source: https://github.com/jonasrutishauser/helm-pr-bitbucket-plugin/blob/1301d9e8f8132a3588497b318cddefd382092b77/src/main/java/com/github/jonasrutishauser/bitbucket/helm/impl/PluginUser.java and the rest of that plugin (Bitbucket 9.4.5; the value element is inferred).
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE})
public @interface ExportAsService {
    Class<?>[] value() default {};
}
