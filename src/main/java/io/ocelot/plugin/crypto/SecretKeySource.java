package io.ocelot.plugin.crypto;

/**
 * Port: the 256-bit key that encrypts secrets stored in the database. It lives outside the database (a database
 * dump alone reveals nothing); in Bitbucket, in the shared home so every cluster node has the same key.
 */
public interface SecretKeySource {
    byte[] key();
}
