package io.ocelot.plugin.config;

import javax.inject.Named;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** The {@link Clock} bean Bitbucket injects: UTC wall time. Tests pass their own clock instead. */
@Named
public final class SystemClock extends Clock {
    private final Clock utc = Clock.systemUTC();

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return utc.withZone(zone);
    }

    @Override
    public Instant instant() {
        return utc.instant();
    }

    @Override
    public long millis() {
        return utc.millis();
    }
}
