package io.ocelot.bench;

/** One line of the result table: what was measured, Ocelot's figure, the peer's, and Ocelot / peer. */
record Row(String benchmark, String ocelot, String peer, String ratio) {
    static Row of(String benchmark, double ocelotMs, String ocelotText, double peerMs, String peerText) {
        return new Row(benchmark, ocelotText, peerText, Stats.ratio(ocelotMs, peerMs));
    }

    /** A figure with no peer (P4: the issue names none; the table shows how latency grows with the queue). */
    static Row alone(String benchmark, String ocelotText, String note) {
        return new Row(benchmark, ocelotText, "—", note);
    }

    static Row failed(String benchmark, String why) {
        return new Row(benchmark, "FAILED: " + why, "", "");
    }
}
