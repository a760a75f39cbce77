package io.ocelot.plugin.ui.contract;

import org.junit.After;
import org.junit.runner.RunWith;
import org.junit.runners.Parameterized;
import org.junit.runners.Parameterized.Parameters;

import java.util.Collection;
import java.util.function.Supplier;

/**
 * A contract of user-facing ports: every test of a subclass runs once on each {@link UiWorld} (the in-memory fake,
 * the store adapters), each time on a fresh one. A case that holds on one world and not on the other is drift.
 */
@RunWith(Parameterized.class)
public abstract class UiPortsContract {
    protected final UiWorld world;

    protected UiPortsContract(String name, Supplier<UiWorld> world) {
        this.world = world.get();
    }

    @Parameters(name = "{0}")
    public static Collection<Object[]> worlds() {
        return UiWorld.all();
    }

    @After
    public void closeWorld() {
        world.close();
    }
}
