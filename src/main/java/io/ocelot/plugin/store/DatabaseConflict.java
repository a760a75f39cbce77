package io.ocelot.plugin.store;

import net.java.ao.ActiveObjectsException;

import java.sql.SQLException;

/**
 * Recognises the database refusing a transaction because a concurrent one got there first: a unique key taken
 * (SQLSTATE class 23), a serialization failure or deadlock victim (class 40; Oracle's ORA-08177 and ORA-00060 use
 * their own states). AO reports these two ways: from the facade as an {@link ActiveObjectsException}, and from a
 * setter or {@code save()} on an entity proxy — whose methods declare no {@link SQLException} — as an
 * {@link java.lang.reflect.UndeclaredThrowableException} wrapping it. Either means "somebody else won": the caller
 * re-reads and answers from what is stored. Other SQL errors are not conflicts and stay errors.
 */
public final class DatabaseConflict {
    private DatabaseConflict() {
    }

    public static boolean is(RuntimeException e) {
        SQLException sql = null;
        for (Throwable t = e; t != null && sql == null; t = t.getCause()) {
            if (t instanceof SQLException s) {
                sql = s;
            }
        }
        if (sql == null) {
            return e instanceof ActiveObjectsException;
        }
        for (SQLException s = sql; s != null; s = s.getNextException()) {
            String state = s.getSQLState();
            if (state != null && (state.startsWith("23") || state.startsWith("40"))
                    || s.getErrorCode() == 8177 || s.getErrorCode() == 60 && state != null && state.startsWith("61")) {
                return true;
            }
        }
        return false;
    }
}
